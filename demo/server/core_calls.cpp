#include "core_calls.h"

#include <algorithm>
#include <cstdint>

#include "loyalty/api.h"
#include "loyalty/engine_json.h"

namespace loyalty::server {
namespace {

/** Runs a typed call; an exception escaping the core (a bug) becomes an error document, as the
 *  JSON operations make it. */
template <class Call>
json guarded(Call&& call) {
    try {
        return call();
    } catch (const std::exception& e) {
        return errors_document(
            {{"", std::string("internal error: ") + e.what(), ErrorCode::internal}});
    }
}

/** status() as a document; with `include_state` the state goes into the document, or, given
 *  `next_state`, there instead. */
json status_answer(const ProgramFile& program, const Customer& customer, Instant now,
                   int history_limit, bool include_state, LedgerState* next_state) {
    StatusOptions options;
    options.history_limit = size_t(std::max(history_limit, 0));
    options.include_state = include_state || next_state != nullptr;
    auto result = status(program.core, customer, now, options);
    if (!result.ok()) return errors_document(result.errors());
    if (next_state) {
        *next_state = std::move(*result.value().state);
        result.value().state.reset();
    }
    return status_document(program.core, result.value());
}

json preview_answer(const ProgramFile& program, const Customer& customer, Event cart, Instant now) {
    auto result = preview(program.core, customer, std::move(cart), now);
    if (!result.ok()) return errors_document(result.errors());
    return preview_document(program.core, result.value());
}

}  // namespace

json core_status(const ProgramFile& program, const Customer& customer, Instant now,
                 int history_limit, LedgerState* next_state) {
    return guarded(
        [&] { return status_answer(program, customer, now, history_limit, false, next_state); });
}

json core_status(const ProgramFile& program, const json& customer, Instant now, int history_limit,
                 bool include_state) {
    return guarded([&]() -> json {
        auto parsed = customer_from_json(customer, program.core);
        if (!parsed.ok()) return errors_document(parsed.errors());
        return status_answer(program, parsed.value(), now, history_limit, include_state, nullptr);
    });
}

json core_preview(const ProgramFile& program, const Customer& customer, const json& cart,
                  Instant now) {
    return guarded([&]() -> json {
        auto parsed_cart = cart_from_json(cart, program.core, now);
        if (!parsed_cart.ok()) return errors_document(parsed_cart.errors());
        return preview_answer(program, customer, std::move(parsed_cart.value()), now);
    });
}

json core_preview(const ProgramFile& program, const json& customer, const json& cart, Instant now) {
    return guarded([&]() -> json {
        // Both documents' errors in one answer, as the JSON operation gives them.
        auto parsed_customer = customer_from_json(customer, program.core);
        auto parsed_cart = cart_from_json(cart, program.core, now);
        if (!parsed_customer.ok() || !parsed_cart.ok()) {
            Errors errors = parsed_customer.errors();
            errors.insert(errors.end(), parsed_cart.errors().begin(), parsed_cart.errors().end());
            return errors_document(errors);
        }
        return preview_answer(program, parsed_customer.value(), std::move(parsed_cart.value()),
                              now);
    });
}

json core_events(const ProgramFile& program, const json& customer, std::vector<Event>& events) {
    return guarded([&]() -> json {
        auto parsed = customer_from_json(customer, program.core);
        if (!parsed.ok()) return errors_document(parsed.errors());
        events = std::move(parsed.value().events);
        return nullptr;
    });
}

json core_numbers(const ProgramFile& program, const std::vector<const ProgramFile*>& earlier,
                  const json& customers, Month from, Month to, Instant now, const json& carry) {
    return guarded([&] {
        std::vector<const Program*> programs;
        programs.reserve(earlier.size());
        for (const ProgramFile* p : earlier) programs.push_back(&p->core);
        return numbers_document(program.core, programs, customers, from, to, now, carry);
    });
}

json core_survey_summary(const SurveyInfo& survey, const std::vector<SurveyResponse>& responses) {
    return guarded([&]() -> json {
        auto summary = summarize_survey(survey.type, survey.scale_max, responses);
        if (!summary.ok()) return errors_document(summary.errors());
        return survey_summary_document(summary.value());
    });
}

SurveyResponse survey_response(bool dismissed, int64_t score) {
    SurveyResponse r;
    r.dismissed = dismissed;
    if (!dismissed) {
        r.score = score < INT32_MIN || score > INT32_MAX ? INT32_MIN : int32_t(score);
    }
    return r;
}

}  // namespace loyalty::server
