// The owner's console's API against the real server (docs/server.md, "The owner's console"):
// contacts from orders and webhooks, the customer search, a customer's codes, the audit log of
// every console action with its actor (one entry per change, none for a repeat), paging, and the
// move of a schema-5 database to schema 6 keeping every row. Both stores.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "crypto.h"
#include "database.h"
#include "http_helpers.h"
#include "schema_rollback.h"

using namespace loyalty::test;
using loyalty::server::digest_bytes;
using loyalty::server::hmac_sha256;
using loyalty::server::to_hex;

namespace {

constexpr const char* kActor = "Мария Кузнецова";
const std::string kWeekLater = "2026-06-08T12:00:00+03:00";

httplib::Headers as_operator(const std::string& actor = kActor) {
    httplib::Headers h = admin();
    h.emplace("X-Loyalty-Actor", actor);
    return h;
}

json order(const std::string& customer, const std::string& id, int64_t price,
           json extra = json::object()) {
    json o = {
        {"customer_id", customer},
        {"order_id", id},
        {"lines", {{{"sku", "novel"}, {"category", "books"}, {"price", price}, {"quantity", 1}}}}};
    o.update(extra);
    return o;
}

json search(int port, const std::string& query) {
    auto a = get(port, "/api/admin/customers" + query, admin());
    REQUIRE(a.status == 200);
    return a.body["customers"];
}

std::vector<std::string> ids_of(const json& customers) {
    std::vector<std::string> out;
    for (const auto& c : customers) out.push_back(c["id"].get<std::string>());
    return out;
}

json audit(int port, const std::string& query = "") {
    auto a = get(port, "/api/admin/audit" + query, admin());
    REQUIRE(a.status == 200);
    return a.body;
}

/** Rows of `sql` (`columns` each) as text, NULL as "~": what a migration must keep. */
std::vector<std::string> rows(loyalty::server::Connection& c, const char* sql, int columns) {
    std::vector<std::string> out;
    auto s = c.prepare(sql);
    while (s.step()) {
        std::string row;
        for (int i = 0; i < columns; ++i)
            row += (s.is_null(i) ? std::string("~") : s.text(i)) + "|";
        out.push_back(row);
    }
    return out;
}

}  // namespace

TEST_SUITE("http") {
    TEST_CASE(
        "console search: by exact id, id prefix, e-mail, phone and name; exact matches first; "
        "contacts from orders, the latest non-empty kept") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();
        REQUIRE(post(port, "/api/loyalty/orders",
                     order("c-alice", "S-1", 12345,
                           {{"customer_email", "Alice.Brown@Example.COM"},
                            {"customer_phone", "+7 (916) 123-45-67"},
                            {"at", "2026-06-01T10:00:00+03:00"}}),
                     admin())
                    .status == 201);
        REQUIRE(post(port, "/api/loyalty/orders",
                     order("c-olga", "S-2", 50000,
                           {{"customer_name", "Ольга Ёлкина"},
                            {"customer_email", "olga@example.ru"},
                            {"customer_phone", "8.912.555.01.01"},
                            {"at", "2026-06-01T11:00:00+03:00"}}),
                     admin())
                    .status == 201);
        REQUIRE(post(port, "/api/loyalty/orders",
                     order("c-alice-2", "S-3", 10000, {{"at", "2026-06-01T11:30:00+03:00"}}),
                     admin())
                    .status == 201);

        // The list with nothing typed: the most recently active first (c-bob's last event is May
        // 10th).
        CHECK(ids_of(search(port, "")) ==
              std::vector<std::string>{"c-alice-2", "c-olga", "c-alice", "c-bob"});
        CHECK(ids_of(search(port, "?limit=2")) == std::vector<std::string>{"c-alice-2", "c-olga"});

        // Exact id first, then the prefix match, however recent.
        const json alice = search(port, "?q=c-alice");
        REQUIRE(ids_of(alice) == std::vector<std::string>{"c-alice", "c-alice-2"});
        CHECK(alice[0]["name"] == "Alice");
        CHECK(alice[0]["email"] == "alice.brown@example.com");
        CHECK(alice[0]["phone"] == "+79161234567");
        CHECK(alice[0]["balance"] == 2600 + 123);
        CHECK(alice[0]["last_event_at"] == "2026-06-01T10:00:00+03:00");
        CHECK(alice[0]["created_at"].is_string());
        CHECK(alice[1]["email"].is_null());
        CHECK(alice[1]["phone"].is_null());
        CHECK(alice[1]["balance"] == 100);

        CHECK(ids_of(search(port, "?q=c-")) ==
              std::vector<std::string>{"c-alice-2", "c-olga", "c-alice", "c-bob"});
        CHECK(ids_of(search(port, "?q=ALICE.BROWN%40example.com")) ==
              std::vector<std::string>{"c-alice"});
        CHECK(ids_of(search(port, "?q=alice.b")) == std::vector<std::string>{"c-alice"});
        CHECK(ids_of(search(port, "?q=OLGA%40")) == std::vector<std::string>{"c-olga"});
        CHECK(ids_of(search(port, "?q=%2B7%20916%20123-45-67")) ==
              std::vector<std::string>{"c-alice"});
        CHECK(ids_of(search(port, "?q=4567")) ==
              std::vector<std::string>{"c-alice"});     // the last 4 digits
        CHECK(ids_of(search(port, "?q=567")).empty());  // 3 are too few
        CHECK(ids_of(search(port, "?q=89125550101")) == std::vector<std::string>{"c-olga"});
        const json olga = search(port, "?q=%D0%81%D0%9B%D0%9A");  // "ЁЛК": the name, any case
        REQUIRE(ids_of(olga) == std::vector<std::string>{"c-olga"});
        CHECK(olga[0]["name"] == "Ольга Ёлкина");
        CHECK(olga[0]["phone"] == "+89125550101");
        CHECK(olga[0]["balance"] == 500);
        CHECK(ids_of(search(port, "?q=%D0%BE%D0%BB%D1%8C%D0%B3%D0%B0")) ==
              std::vector<std::string>{"c-olga"});  // "ольга"
        CHECK(ids_of(search(port, "?q=bob")) == std::vector<std::string>{"c-bob"});
        CHECK(ids_of(search(port, "?q=%25")).empty());  // "%" is a character, not a wildcard
        CHECK(ids_of(search(port, "?q=nobody")).empty());

        // An order without contacts keeps them; a new non-empty one replaces the old.
        REQUIRE(post(port, "/api/loyalty/orders",
                     order("c-alice", "S-4", 1000, {{"customer_email", ""}}), admin())
                    .status == 201);
        CHECK(search(port, "?q=c-alice")[0]["email"] == "alice.brown@example.com");
        REQUIRE(post(port, "/api/loyalty/orders",
                     order("c-alice", "S-5", 1000, {{"customer_email", "alice@new.example"}}),
                     admin())
                    .status == 201);
        const json moved = search(port, "?q=c-alice")[0];
        CHECK(moved["email"] == "alice@new.example");
        CHECK(moved["phone"] == "+79161234567");

        // The admin's view of a customer carries the contacts; the shopper's own does not.
        auto as_admin = get(port, "/api/loyalty/customers/c-alice", admin());
        REQUIRE(as_admin.status == 200);
        CHECK(as_admin.body["contact"]["email"] == "alice@new.example");
        CHECK(as_admin.body["contact"]["phone"] == "+79161234567");
        CHECK(as_admin.body["contact"]["created_at"] == moved["created_at"]);
        auto as_shopper =
            get(port, "/api/loyalty/customers/c-alice", bearer(token_for(port, "c-alice")));
        REQUIRE(as_shopper.status == 200);
        CHECK_FALSE(as_shopper.body.contains("contact"));
        const json unknown = get(port, "/api/loyalty/customers/c-nobody", admin()).body["contact"];
        CHECK(unknown == json{{"email", nullptr}, {"phone", nullptr}, {"created_at", nullptr}});
    }

    TEST_CASE(
        "console search and contacts: bad parameters and contacts are refused at their name, and "
        "book nothing") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();
        for (const char* limit : {"0", "101", "-1", "abc", "", "1000000000000000000000", "1.5"}) {
            CAPTURE(limit);
            auto a = get(port, std::string("/api/admin/customers?limit=") + limit, admin());
            CHECK(a.status == 400);
            CHECK(first_error_path(a) == "/limit");
        }
        const std::string long_q(201, 'a');
        for (const std::string& q : {long_q, std::string("%01"), std::string("%FF"),
                                     std::string("a%00b"), std::string("%C2%85")}) {
            CAPTURE(q);
            auto a = get(port, "/api/admin/customers?q=" + q, admin());
            CHECK(a.status == 400);
            CHECK(first_error_path(a) == "/q");
        }
        CHECK(get(port, "/api/admin/customers?q=" + std::string(200, 'a'), admin()).status == 200);
        CHECK(get(port, "/api/admin/customers").status == 401);
        CHECK(get(port, "/api/admin/customers", bearer(token_for(port, "c-alice"))).status == 401);
        CHECK(post(port, "/api/admin/customers", json::object(), admin()).status == 405);

        const std::string local(250, 'a');
        for (const json& email :
             {json("no-at.example.com"), json("a@b@example.com"), json("two words@example.com"),
              json("@example.com"), json("anna@"), json(local + "@b.ru"), json("a\x01@b.ru"),
              json(42)}) {
            CAPTURE(email.dump());
            auto a = post(port, "/api/loyalty/orders",
                          order("c-new", "E-1", 1000, {{"customer_email", email}}), admin());
            CHECK(a.status == 400);
            CHECK(first_error_path(a) == "/customer_email");
        }
        for (const json& phone :
             {json("123456"), json("+7 916 abc 45 67"), json("1234567890123456"),
              json("7+9161234567"), json(79161234567)}) {
            CAPTURE(phone.dump());
            auto a = post(port, "/api/loyalty/orders",
                          order("c-new", "E-1", 1000, {{"customer_phone", phone}}), admin());
            CHECK(a.status == 400);
            CHECK(first_error_path(a) == "/customer_phone");
        }
        CHECK(search(port, "?q=c-new").empty());  // nothing was booked, no customer made
    }

    TEST_CASE(
        "contacts from webhooks: Shopify's customer, InSales' client and the generic envelope's "
        "data") {
        TempDir dir;
        auto server =
            start_server(dir, {"--webhook-secret", "generic-webhook-secret-for-tests",
                               "--shopify-secret", "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",
                               "--insales-secret", "insales-url-secret-0123456789"});
        const int port = server->port();
        const std::string shopify = read_file(data_path("webhooks/shopify-orders-paid.json"));
        httplib::Headers h{
            {"X-Shopify-Hmac-Sha256", loyalty::server::base64(digest_bytes(hmac_sha256(
                                          "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", shopify)))},
            {"X-Shopify-Topic", "orders/paid"},
            {"X-Shopify-Webhook-Id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"}};
        REQUIRE(post_text(port, "/api/webhooks/shopify", shopify, "application/json", h)
                    .body["outcome"] == "booked");
        const json anna = search(port, "?q=7390623924472");
        REQUIRE(anna.size() == 1);
        CHECK(anna[0]["email"] == "anna.smirnova@example.ru");
        CHECK(anna[0]["phone"] == "+79125550101");
        CHECK(anna[0]["name"] == "Анна Смирнова");

        const std::string insales = read_file(data_path("webhooks/insales-order.json"));
        REQUIRE(post_text(port, "/api/webhooks/insales/insales-url-secret-0123456789", insales,
                          "application/json")
                    .body["outcome"] == "booked");
        const json ivan = search(port, "?q=ivan.petrov%40example.ru");
        REQUIRE(ivan.size() == 1);
        CHECK(ivan[0]["id"] == "55501234");
        CHECK(ivan[0]["phone"] == "+79125550202");

        const int64_t t = *loyalty::parse_instant(
            get(port, "/healthz").body["now"].get<std::string>(), loyalty::Zone{});
        const json envelope = {{"id", "d-1"},
                               {"type", "order.paid"},
                               {"data", order("g-olga", "G-1", 1000,
                                              {{"customer_email", "Olga@Example.ru"},
                                               {"customer_phone", "+7 912 555-03-03"}})}};
        const std::string body = envelope.dump();
        const std::string signature =
            "t=" + std::to_string(t) + ",v1=" +
            to_hex(digest_bytes(
                hmac_sha256("generic-webhook-secret-for-tests", std::to_string(t) + "." + body)));
        REQUIRE(post_text(port, "/api/webhooks/generic", body, "application/json",
                          {{"X-Loyalty-Signature", signature}})
                    .body["outcome"] == "booked");
        const json olga = search(port, "?q=%2B79125550303");
        REQUIRE(olga.size() == 1);
        CHECK(olga[0]["id"] == "g-olga");
        CHECK(olga[0]["email"] == "olga@example.ru");
    }

    TEST_CASE(
        "audit log: each console action once, with its actor, reason and detail, in its "
        "transaction; repeats write nothing") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();
        CHECK(audit(port)["entries"].empty());

        // An adjustment with the operator's name; the same request again books and writes nothing.
        const json sorry = {
            {"type", "adjustment"}, {"id", "sorry-1"}, {"points", 300}, {"reason", "late parcel"}};
        REQUIRE(post(port, "/api/loyalty/customers/c-alice/events", sorry, as_operator()).status ==
                201);
        auto again = post(port, "/api/loyalty/customers/c-alice/events", sorry, as_operator());
        REQUIRE(again.status == 200);
        CHECK(again.body["duplicate"] == true);
        json log = audit(port);
        REQUIRE(log["entries"].size() == 1);
        const json adjusted = log["entries"][0];
        CHECK(adjusted["seq"].is_number_integer());
        CHECK(adjusted["at"].get<std::string>().starts_with(
            "2026-06-01T12:0"));  // the server's clock
        CHECK(adjusted["actor"] == kActor);
        CHECK(adjusted["customer_id"] == "c-alice");
        CHECK(adjusted["action"] == "adjustment");
        CHECK(adjusted["target"] == "sorry-1");
        CHECK(adjusted["reason"] == "late parcel");
        CHECK(adjusted["detail"]["points"] == 300);
        CHECK(log["next_before"].is_null());

        // A bonus without X-Loyalty-Actor: recorded as "api", with the programme's points.
        REQUIRE(post(port, "/api/loyalty/customers/c-new/events",
                     {{"type", "bonus"}, {"id", "welcome"}, {"kind", "signup"}}, admin())
                    .status == 201);
        // A redemption is not a console action: no entry.
        REQUIRE(post(port, "/api/loyalty/customers/c-alice/events",
                     {{"type", "redemption"},
                      {"id", "r-1"},
                      {"points", 100},
                      {"reward_id", "discount-100"}},
                     admin())
                    .status == 201);
        log = audit(port);
        REQUIRE(log["entries"].size() == 2);
        const json bonus = log["entries"][0];
        CHECK(bonus["actor"] == "api");
        CHECK(bonus["customer_id"] == "c-new");
        CHECK(bonus["action"] == "bonus");
        CHECK(bonus["target"] == "welcome");
        CHECK(bonus["reason"].is_null());
        CHECK(bonus["detail"]["kind"] == "signup");
        CHECK(bonus["detail"]["points"] == 100);

        // An offer given with a reason; again with another reason is the same offer: no entry.
        const json offer = {{"id", "sorry-25"},   {"kind", "percent_off"},
                            {"percent", "25%"},   {"title", "Sorry"},
                            {"ends", kWeekLater}, {"reason", "complaint #12"}};
        REQUIRE(post(port, "/api/loyalty/customers/c-alice/offers", offer, as_operator("Ivan"))
                    .status == 201);
        json other_reason = offer;
        other_reason["reason"] = "said again";
        auto repeat =
            post(port, "/api/loyalty/customers/c-alice/offers", other_reason, as_operator("Ivan"));
        REQUIRE(repeat.status == 200);
        CHECK(repeat.body["duplicate"] == true);
        // Voided twice: one entry.
        const std::string void_path = "/api/loyalty/customers/c-alice/offers/sorry-25/void";
        REQUIRE(
            post(port, void_path, {{"reason", "given by mistake"}}, as_operator("Ivan")).status ==
            200);
        REQUIRE(
            post(port, void_path, {{"reason", "given by mistake"}}, as_operator("Ivan")).status ==
            200);
        CHECK(post(port, void_path, {{"why", "x"}}, as_operator("Ivan")).status == 400);

        // A code voided twice: one entry, with the points returned.
        const std::string token = token_for(port, "c-alice");
        httplib::Headers shopper = bearer(token);
        shopper.emplace("Idempotency-Key", "console-claim-0001");
        auto claimed =
            post(port, "/api/loyalty/me/claims", {{"reward_id", "discount-100"}}, shopper);
        REQUIRE(claimed.status == 201);
        const std::string code = claimed.body["claim"]["code"].get<std::string>();
        const std::string code_path = "/api/loyalty/codes/" + code + "/void";
        REQUIRE(post(port, code_path, {{"reason", "customer asked"}}, as_operator()).status == 201);
        auto voided_again = post(port, code_path, {{"reason", "customer asked"}}, as_operator());
        REQUIRE(voided_again.status == 200);
        CHECK(voided_again.body["duplicate"] == true);

        log = audit(port, "?customer_id=c-alice");
        REQUIRE(log["entries"].size() == 4);
        const json code_voided = log["entries"][0];
        CHECK(code_voided["actor"] == kActor);
        CHECK(code_voided["action"] == "code_voided");
        CHECK(code_voided["target"] == code);
        CHECK(code_voided["reason"] == "customer asked");
        CHECK(code_voided["detail"] ==
              json{{"reward_id", "discount-100"}, {"points", 100}, {"returned", 100}});
        const json offer_voided = log["entries"][1];
        CHECK(offer_voided["actor"] == "Ivan");
        CHECK(offer_voided["action"] == "offer_voided");
        CHECK(offer_voided["target"] == "sorry-25");
        CHECK(offer_voided["reason"] == "given by mistake");
        CHECK(offer_voided["detail"] ==
              json{{"kind", "percent_off"}, {"percent", "25%"}, {"title", "Sorry"}, {"uses", 0}});
        const json offer_given = log["entries"][2];
        CHECK(offer_given["actor"] == "Ivan");
        CHECK(offer_given["action"] == "offer_given");
        CHECK(offer_given["target"] == "sorry-25");
        CHECK(offer_given["reason"] == "complaint #12");
        CHECK(offer_given["detail"] == json{{"kind", "percent_off"},
                                            {"percent", "25%"},
                                            {"title", "Sorry"},
                                            {"starts", offer_given["detail"]["starts"]},
                                            {"ends", kWeekLater},
                                            {"uses_limit", nullptr}});
        CHECK(offer_given["detail"]["starts"].get<std::string>().starts_with("2026-06-01T12:0"));
        CHECK(log["entries"][3]["seq"] == adjusted["seq"]);
        CHECK(log["entries"][3]["action"] == "adjustment");
        CHECK(audit(port)["entries"].size() == 5);
        CHECK(audit(port, "?customer_id=c-bob")["entries"].empty());

        // A refused action writes nothing: the core refuses a zero adjustment.
        CHECK(post(port, "/api/loyalty/customers/c-bob/events",
                   {{"type", "adjustment"}, {"id", "zero"}, {"points", 0}, {"reason", "x"}},
                   as_operator())
                  .status == 422);
        CHECK(audit(port)["entries"].size() == 5);
    }

    TEST_CASE(
        "audit log: the actor header is checked, allowed in a preflight, and a bad one books "
        "nothing") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();
        const json event = {
            {"type", "adjustment"}, {"id", "a-1"}, {"points", 5}, {"reason", "test"}};
        for (const std::string& bad : {std::string(101, 'a'), std::string("\xC3\x28"),
                                       std::string("a\x01"
                                                   "b")}) {
            CAPTURE(bad);
            auto a = post(port, "/api/loyalty/customers/c-bob/events", event, as_operator(bad));
            CHECK(a.status == 400);
            CHECK(a.body["errors"][0]["message"].get<std::string>().find("X-Loyalty-Actor") !=
                  std::string::npos);
        }
        CHECK(get(port, "/api/loyalty/customers/c-bob", admin()).body["status"]["balance"] == 100);
        CHECK(audit(port)["entries"].empty());
        CHECK(post(port, "/api/loyalty/customers/c-bob/events", event,
                   as_operator(std::string(100, 'a')))
                  .status == 201);
        CHECK(audit(port)["entries"][0]["actor"] == std::string(100, 'a'));

        auto c = client(port);
        auto pre =
            c.Options("/api/admin/audit",
                      {{"Origin", kOrigin},
                       {"Access-Control-Request-Method", "GET"},
                       {"Access-Control-Request-Headers", "authorization, x-loyalty-actor"}});
        REQUIRE(pre);
        CHECK(pre->status == 204);
        CHECK(pre->get_header_value("Access-Control-Allow-Headers").find("X-Loyalty-Actor") !=
              std::string::npos);
    }

    TEST_CASE(
        "audit log: pages newest first by next_before; bad parameters are refused at their name") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();
        for (int i = 1; i <= 5; ++i) {
            REQUIRE(post(port, "/api/loyalty/customers/c-bob/events",
                         {{"type", "adjustment"},
                          {"id", "p-" + std::to_string(i)},
                          {"points", i},
                          {"reason", "page"}},
                         as_operator())
                        .status == 201);
        }
        std::vector<std::string> targets;
        std::string query = "?customer_id=c-bob&limit=2";
        int pages = 0;
        for (;;) {
            const json page = audit(port, query);
            ++pages;
            for (const auto& e : page["entries"]) targets.push_back(e["target"].get<std::string>());
            if (page["next_before"].is_null()) break;
            CHECK(page["entries"].size() == 2);
            CHECK(page["next_before"] == page["entries"][1]["seq"]);
            query = "?customer_id=c-bob&limit=2&before=" +
                    std::to_string(page["next_before"].get<int64_t>());
        }
        CHECK(pages == 3);
        CHECK(targets == std::vector<std::string>{"p-5", "p-4", "p-3", "p-2", "p-1"});
        const json all = audit(port);
        CHECK(all["entries"].size() == 5);
        CHECK(all["next_before"].is_null());
        CHECK(audit(port, "?limit=5")["next_before"].is_null());
        CHECK(audit(port, "?limit=4")["next_before"] == all["entries"][3]["seq"]);

        for (const char* bad : {"?limit=0", "?limit=201", "?limit=x", "?before=0", "?before=-3",
                                "?before=", "?customer_id=a%20b", "?customer_id="}) {
            CAPTURE(bad);
            auto a = get(port, std::string("/api/admin/audit") + bad, admin());
            CHECK(a.status == 400);
            const std::string name = std::string(bad).substr(1, std::string(bad).find('=') - 1);
            CHECK(first_error_path(a) == "/" + name);
        }
        CHECK(get(port, "/api/admin/audit").status == 401);
        CHECK(get(port, "/api/admin/audit", bearer(token_for(port, "c-bob"))).status == 401);
    }

    TEST_CASE("a customer's codes for the admin: as the shopper's own claims list") {
        TempDir dir;
        auto server = start_server(dir);
        const int port = server->port();
        const std::string token = token_for(port, "c-alice");
        httplib::Headers shopper = bearer(token);
        shopper.emplace("Idempotency-Key", "console-codes-0001");
        REQUIRE(
            post(port, "/api/loyalty/me/claims", {{"reward_id", "discount-100"}}, shopper).status ==
            201);
        auto codes = get(port, "/api/loyalty/customers/c-alice/codes", admin());
        REQUIRE(codes.status == 200);
        auto mine = get(port, "/api/loyalty/me/claims", bearer(token));
        REQUIRE(mine.status == 200);
        CHECK(codes.body["ok"] == true);
        CHECK(codes.body["now"] == mine.body["now"]);
        CHECK(codes.body["codes"] == mine.body["claims"]);
        CHECK(codes.body["codes"].size() == 1);
        CHECK(get(port, "/api/loyalty/customers/c-bob/codes", admin()).body["codes"].empty());
        CHECK(get(port, "/api/loyalty/customers/c-alice/codes", bearer(token)).status ==
              401);  // admin only
        CHECK(get(port, "/api/loyalty/customers/c-alice/codes").status == 401);
        CHECK(get(port, "/api/loyalty/customers/a%20b/codes", admin()).status == 404);
    }

    TEST_CASE(
        "the demo's customers are seeded with their e-mail, phone and balance, and found by them") {
        TempDir dir;
        const std::string demo = std::string(LOYALTY_SERVER_TEST_DATA) + "/../../../demo/examples";
        auto args = server_args(dir);
        for (size_t i = 0; i + 1 < args.size(); ++i) {
            if (args[i] == "--program") args[i + 1] = demo + "/program.json";
            if (args[i] == "--seed-dir") args[i + 1] = demo + "/customers";
            if (args[i] == "--clock") args[i + 1] = "2026-12-01T12:00:00+03:00";
        }
        ServerProcess server(LOYALTY_SERVER_BIN, args);
        const int port = server.port();
        const std::pair<const char*, const char*> seeded[] = {
            {"c-anna", "anna@example.com +79161234501"},
            {"c-boris", "boris@example.com +79161234502"},
            {"c-vera", "vera@example.com +79161234503"},
            {"c-daria", "daria@example.com +79161234504"}};
        for (const auto& [id, contact] : seeded) {
            CAPTURE(id);
            const std::string both(contact);
            const std::string email = both.substr(0, both.find(' '));
            const std::string phone = both.substr(both.find(' ') + 1);
            const json found = search(port, "?q=" + email);
            REQUIRE(ids_of(found) == std::vector<std::string>{id});
            CHECK(found[0]["phone"] == phone);
            CHECK(ids_of(search(port, "?q=" + phone.substr(phone.size() - 4))) ==
                  std::vector<std::string>{id});
            // The balance the seed's ledger state holds is the one the customer's page shows.
            CHECK(found[0]["balance"] ==
                  get(port, std::string("/api/loyalty/customers/") + id, admin())
                      .body["status"]["balance"]);
            CHECK(found[0]["last_event_at"].is_string());
        }
        CHECK(ids_of(search(port, "?q=%D0%B2%D0%B5%D1%80%D0%B0")) ==
              std::vector<std::string>{"c-vera"});  // "вера"
    }

    TEST_CASE(
        "a schema-5 database moves to schema 6 keeping every row; its names become searchable") {
        TempDir dir;
        {
            auto server = start_server(dir);
            const int port = server->port();
            REQUIRE(post(port, "/api/loyalty/orders",
                         order("c-olga", "M-1", 12345, {{"customer_name", "Ольга"}}), admin())
                        .status == 201);
            REQUIRE(post(port, "/api/loyalty/customers/c-alice/offers",
                         {{"id", "o-1"},
                          {"kind", "percent_off"},
                          {"percent", "10%"},
                          {"ends", kWeekLater}},
                         admin())
                        .status == 201);
            httplib::Headers shopper = bearer(token_for(port, "c-alice"));
            shopper.emplace("Idempotency-Key", "migration-claim-01");
            REQUIRE(post(port, "/api/loyalty/me/claims", {{"reward_id", "discount-100"}}, shopper)
                        .status == 201);
            CHECK(server->stop(SIGTERM) == 0);
        }
        const bool pg = !postgres_admin_uri().empty();
        struct Table {
            const char* sql;
            int columns;
        };
        const Table kTables[] = {
            {"SELECT id, name, created_at FROM customers ORDER BY id", 3},
            {"SELECT seq, customer_id, at, type, body, recorded_at FROM events ORDER BY seq", 6},
            {"SELECT scope, key, customer_id, request_hash, status, response FROM idempotency "
             "ORDER BY scope, key",
             6},
            {"SELECT customer_id, program_etag, last_at, state FROM ledger_states ORDER BY "
             "customer_id",
             4},
            {"SELECT customer_id, order_id, record FROM ledger_orders ORDER BY customer_id, "
             "order_id",
             3},
            {"SELECT code, claim_id, customer_id, points, state FROM reward_codes ORDER BY code",
             5},
            {"SELECT customer_id, id, terms, starts, ends, uses FROM offers ORDER BY customer_id, "
             "id",
             6},
        };
        std::vector<std::vector<std::string>> before;
        {
            // Back to what a schema-5 server left: no contacts, no audit log, version 5.
            auto c = loyalty::server::open_connection(test_database(dir));
            undo_schema_7(*c);
            undo_schema_6(*c);
            c->exec(pg ? "UPDATE loyalty_schema SET version = 5" : "PRAGMA user_version = 5");
            for (const auto& t : kTables) before.push_back(rows(*c, t.sql, t.columns));
        }
        CHECK(before[0].size() == 3);  // c-alice, c-bob, c-olga
        CHECK(before[5].size() == 1);  // the code
        auto server = start_server(dir);
        const int port = server->port();
        {
            auto c = loyalty::server::open_connection(test_database(dir));
            for (size_t i = 0; i < std::size(kTables); ++i) {
                CAPTURE(kTables[i].sql);
                CHECK(rows(*c, kTables[i].sql, kTables[i].columns) == before[i]);
            }
            auto version =
                c->prepare(pg ? "SELECT version FROM loyalty_schema" : "PRAGMA user_version");
            REQUIRE(version.step());
            CHECK(version.integer(0) == 7);
        }
        // The names stored before schema 6 are found; contacts are unknown until an order brings
        // them.
        const json olga = search(port, "?q=%D0%9E%D0%9B%D0%AC");  // "ОЛЬ"
        REQUIRE(ids_of(olga) == std::vector<std::string>{"c-olga"});
        CHECK(olga[0]["email"].is_null());
        CHECK(olga[0]["balance"] == 123);
        CHECK(ids_of(search(port, "?q=alic")) == std::vector<std::string>{"c-alice"});
        CHECK(audit(port)["entries"].empty());
        REQUIRE(post(port, "/api/loyalty/customers/c-olga/events",
                     {{"type", "adjustment"}, {"id", "after"}, {"points", 7}, {"reason", "moved"}},
                     as_operator())
                    .status == 201);
        CHECK(audit(port)["entries"].size() == 1);
    }
}
