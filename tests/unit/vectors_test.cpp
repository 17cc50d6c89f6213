// The shared vectors: every tests/vectors/*.json is one case {operation, description, request or
// request_text, response}. Each request goes through run_operation exactly as the wasm module and
// the CLI send it, and the parsed response must equal the recorded one (JSON equality). The wasm
// node:test runner reads the same files, so a case here is a case in every home of the core.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>

#include "json_reader.h"
#include "loyalty/api.h"
#include "test_helpers.h"

namespace {

using loyalty::test::json;

const std::set<std::string> kVectorKeys = {"operation", "description", "request", "request_text",
                                           "response"};

/** The text a vector sends: `request_text` verbatim, or `request` serialised with each number
 *  as the file writes it (read by nlohmann's lexer, keeping each fraction's token: the wasm
 *  runner slices the request's text out of the file). */
std::string request_text_of(const json& vector, const std::filesystem::path& path) {
    if (vector.contains("request_text")) return vector.at("request_text").get<std::string>();
    const json file = loyalty::test::parse_keeping_tokens(loyalty::test::read_text_file(path));
    REQUIRE_FALSE(file.is_discarded());
    return loyalty::dump_json(file.at("request"));
}

/** Problems with the shape of one vector file, one line each; empty when it is well formed. */
std::string shape_problems(const json& vector) {
    std::string problems;
    if (!vector.is_object()) return "the file is not a JSON object\n";
    for (const auto& [key, value] : vector.items()) {
        if (!kVectorKeys.count(key)) problems += "unknown member \"" + key + "\"\n";
    }
    if (!vector.contains("operation") || !vector["operation"].is_string()) {
        problems += "\"operation\" must be a string\n";
    }
    if (!vector.contains("description") || !vector["description"].is_string() ||
        vector["description"].get<std::string>().empty()) {
        problems += "\"description\" must be a non-empty string\n";
    }
    if (vector.contains("request") == vector.contains("request_text")) {
        problems += "exactly one of \"request\" and \"request_text\" must be present\n";
    }
    if (vector.contains("request_text") && !vector["request_text"].is_string()) {
        problems += "\"request_text\" must be a string\n";
    }
    const auto response = vector.find("response");
    if (response == vector.end() || !response->is_object()) {
        return problems + "\"response\" must be an object\n";
    }
    const auto ok = response->find("ok");
    if (ok == response->end() || !ok->is_boolean()) {
        return problems + "\"response\" must have a boolean \"ok\"\n";
    }
    if (!ok->get<bool>()) {
        const auto errors = response->find("errors");
        if (errors == response->end() || !errors->is_array() || errors->empty()) {
            return problems + "an ok:false response must list at least one error\n";
        }
        for (const auto& e : *errors) {
            if (!e.is_object() || !e.contains("path") || !e["path"].is_string() ||
                !e.contains("message") || !e["message"].is_string() ||
                e["message"].get<std::string>().empty()) {
                problems += "each error needs a string \"path\" and a non-empty \"message\"\n";
                break;
            }
        }
    }
    return problems;
}

}  // namespace

TEST_SUITE("vectors") {
    TEST_CASE("every shared vector file is well formed") {
        const auto files = loyalty::test::vector_files();
        REQUIRE_MESSAGE(!files.empty(), "no .json files in " << loyalty::test::vectors_dir());
        for (const auto& path : files) {
            const std::string file = path.filename().string();
            CAPTURE(file);
            const json vector = loyalty::test::load_json(path);
            const std::string problems = shape_problems(vector);
            CHECK_MESSAGE(problems.empty(), problems);
        }
    }

    TEST_CASE("every shared vector gives exactly its recorded response") {
        size_t compared = 0;
        for (const auto& path : loyalty::test::vector_files()) {
            const std::string file = path.filename().string();
            CAPTURE(file);
            const json vector = loyalty::test::load_json(path);
            if (!shape_problems(vector).empty()) continue;  // reported by the test above
            const std::string operation = vector["operation"].get<std::string>();
            const std::string reply =
                loyalty::run_operation(operation, request_text_of(vector, path));
            const json actual = json::parse(reply, nullptr, false);
            REQUIRE_MESSAGE(!actual.is_discarded(), "the response is not JSON: " << reply);
            const json& expected = vector["response"];
            // A bool, not the documents, goes to CHECK: doctest would print both in full.
            const bool same = actual == expected;
            CHECK_MESSAGE(same, "differences (expected = the vector, got = run_operation):\n"
                                    << loyalty::test::describe_difference(expected, actual)
                                    << "response: " << loyalty::test::short_dump(actual, 1500));
            ++compared;
        }
        MESSAGE("compared " << compared << " vectors");
        CHECK(compared > 0);
    }

    TEST_CASE("every explanation in every vector adds up exactly to its points") {
        // docs/api.md: each line's points are exact text and the lines sum to the entry's points.
        // Checked on the recorded responses and on run_operation's answers, read by a parser of
        // the test's own (exact_points), so a printer that rounds cannot hide behind a re-record.
        size_t checked = 0;
        for (const auto& path : loyalty::test::vector_files()) {
            const std::string file = path.filename().string();
            CAPTURE(file);
            const json vector = loyalty::test::load_json(path);
            if (!shape_problems(vector).empty()) continue;
            const std::string recorded =
                loyalty::test::explanation_sum_problems(vector["response"], checked);
            CHECK_MESSAGE(recorded.empty(), "in the recorded response:\n" << recorded);
            const json actual =
                json::parse(loyalty::run_operation(vector["operation"].get<std::string>(),
                                                   request_text_of(vector, path)),
                            nullptr, false);
            const std::string answered = loyalty::test::explanation_sum_problems(actual, checked);
            CHECK_MESSAGE(answered.empty(), "in run_operation's answer:\n" << answered);
        }
        MESSAGE("checked " << checked << " explanations");
        // Recorded and answered: 37 explanations in the status and preview vectors when written.
        CHECK(checked >= 2 * 37);
    }

    TEST_CASE("every operation has a vector that succeeds and a vector that fails") {
        std::map<std::string, int> succeeding;
        std::map<std::string, int> failing;
        for (const auto& path : loyalty::test::vector_files()) {
            const json vector = loyalty::test::load_json(path);
            if (!shape_problems(vector).empty()) continue;
            const std::string operation = vector["operation"].get<std::string>();
            (vector["response"]["ok"].get<bool>() ? succeeding : failing)[operation]++;
        }
        for (const auto name : loyalty::operation_names()) {
            const std::string operation(name);
            CAPTURE(operation);
            CHECK_MESSAGE(succeeding[operation] > 0, "no vector with \"ok\": true");
            CHECK_MESSAGE(failing[operation] > 0, "no vector with \"ok\": false");
        }
    }
}
