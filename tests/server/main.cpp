// doctest's main for the server tests (unit tests of its parts, and the HTTP suite "http").
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
