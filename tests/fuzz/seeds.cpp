// Writes the fuzzers' seed corpora from the project's own inputs, so fuzzing starts from valid
// programs, requests and CSV files instead of from nothing:
//   <out>/fuzz_program/  every program in tests/vectors and demo/examples
//   <out>/fuzz_request/  every vector: one byte naming its operation, then its request text
//   <out>/fuzz_csv/      every small *.csv under tests/ and demo/, and CSV text inside vectors
//   <out>/fuzz_server_body/  every vector's request text, and the server's JSON test data
// Usage: loyalty_fuzz_seeds <source-dir> <out-dir>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "loyalty/api.h"

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return std::move(out).str();
}

void write_seed(const fs::path& dir, const std::string& name, const std::string& bytes) {
    fs::create_directories(dir);
    std::ofstream(dir / name, std::ios::binary) << bytes;
}

int operation_index(const std::string& operation) {
    const auto& names = loyalty::operation_names();
    const auto it = std::find(names.begin(), names.end(), operation);
    return it == names.end() ? -1 : static_cast<int>(it - names.begin());
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: loyalty_fuzz_seeds <source-dir> <out-dir>\n");
        return 1;
    }
    const fs::path source = argv[1];
    const fs::path out = argv[2];
    size_t written = 0;

    const fs::path vectors = source / "tests" / "vectors";
    if (fs::is_directory(vectors)) {
        for (const auto& entry : fs::directory_iterator(vectors)) {
            if (entry.path().extension() != ".json") continue;
            const json vector = json::parse(read_file(entry.path()), nullptr, false);
            if (vector.is_discarded() || !vector.is_object() || !vector.contains("operation") ||
                !vector["operation"].is_string()) {
                continue;
            }
            const std::string operation = vector["operation"].get<std::string>();
            const std::string stem = entry.path().stem().string();
            std::string text;
            if (vector.contains("request_text") && vector["request_text"].is_string()) {
                text = vector["request_text"].get<std::string>();
            } else if (vector.contains("request")) {
                text = vector["request"].dump();
            } else {
                continue;
            }
            const int index = operation_index(operation);
            if (index >= 0) {
                write_seed(out / "fuzz_request", stem, std::string(1, char(index)) + text);
                ++written;
            }
            if (operation == "validate") {
                write_seed(out / "fuzz_program", stem, text);
                ++written;
            }
            // Any JSON text the project has is a fair start for the server's body reader.
            write_seed(out / "fuzz_server_body", stem, text);
            ++written;
            const json& request = vector.value("request", json());
            if (request.is_object() && request.contains("program")) {
                write_seed(out / "fuzz_program", stem + "-program", request["program"].dump());
                ++written;
            }
            if (request.is_object() && request.contains("csv") && request["csv"].is_string()) {
                write_seed(out / "fuzz_csv", stem, request["csv"].get<std::string>());
                ++written;
            }
        }
    }

    for (const char* folder : {"tests", "demo"}) {
        if (!fs::is_directory(source / folder)) continue;
        for (auto it = fs::recursive_directory_iterator(source / folder);
             it != fs::recursive_directory_iterator(); ++it) {
            const auto& entry = *it;
            const std::string dir_name = entry.path().filename().string();
            if (entry.is_directory() && (dir_name == "node_modules" || dir_name == "artifacts")) {
                it.disable_recursion_pending();
                continue;
            }
            if (!entry.is_regular_file() || entry.file_size() > (1u << 20)) continue;
            const std::string name = entry.path().filename().string();
            const std::string parent = entry.path().parent_path().filename().string();
            if (entry.path().extension() == ".csv") {
                write_seed(out / "fuzz_csv", parent + "-" + name, read_file(entry.path()));
                ++written;
            } else if (entry.path().extension() == ".json" &&
                       entry.path().string().find("server") != std::string::npos) {
                // The server's test data: programs and customers as the server reads them.
                write_seed(out / "fuzz_server_body", parent + "-" + name, read_file(entry.path()));
                ++written;
            } else if (parent == "examples" && name.rfind("program", 0) == 0 &&
                       entry.path().extension() == ".json") {
                write_seed(out / "fuzz_program", "example-" + name, read_file(entry.path()));
                ++written;
            }
        }
    }
    std::printf("wrote %zu seed files under %s\n", written, out.string().c_str());
    return 0;
}
