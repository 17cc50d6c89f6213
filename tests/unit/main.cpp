// The doctest entry point for loyalty_tests; every other tests/unit/*.cpp only holds test cases.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
