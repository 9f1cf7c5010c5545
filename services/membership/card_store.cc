#include "services/membership/card_store.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "libs/platform/db/database.h"
#include "libs/platform/resource.h"
#include "services/membership/organization_store.h"

namespace partywork::membership {
namespace {

constexpr char kColumns[] =
    "c.id, c.member_id, c.kind, c.card_number, c.issued_on::text, c.reason, c.decision, "
    "c.recorded_by, extract(epoch FROM c.created_at)::float8";

CardIssueRow FromRow(const pqxx::row& r) {
  CardIssueRow row;
  row.id = r[0].as<int64_t>();
  row.member_id = r[1].as<int64_t>();
  row.kind = r[2].as<int>();
  row.card_number = r[3].as<std::string>();
  row.issued_on = db::DayOf(r[4]);
  row.reason = r[5].as<std::string>();
  row.decision = r[6].as<std::string>();
  row.recorded_by = r[7].as<std::string>();
  row.created_at = db::TimeOf(r[8]);
  return row;
}

std::optional<std::string> Day(const std::optional<absl::CivilDay>& day) {
  return day ? std::optional(FormatDay(*day)) : std::nullopt;
}

}  // namespace

bool CardIssued(pqxx::transaction_base& tx, int64_t member_id) {
  static const db::Statement kIssued{
      "membership_card_issued",
      "SELECT EXISTS (SELECT 1 FROM membership.party_cards WHERE member_id = $1 AND kind = 1)"};
  return db::Exec(tx, kIssued, member_id)[0][0].as<bool>();
}

std::optional<absl::CivilDay> LatestCardIssueDay(pqxx::transaction_base& tx, int64_t member_id) {
  static const db::Statement kLatest{
      "membership_card_latest",
      "SELECT max(issued_on)::text FROM membership.party_cards WHERE member_id = $1"};
  const auto r = db::Exec(tx, kLatest, member_id);
  if (r[0][0].is_null()) return std::nullopt;
  return db::DayOf(r[0][0]);
}

CardIssueRow InsertCardIssue(pqxx::transaction_base& tx, const CardIssueRow& row) {
  static const db::Statement kInsert{
      "membership_card_insert",
      absl::StrCat("INSERT INTO membership.party_cards AS c (member_id, kind, card_number, "
                   "issued_on, reason, decision, recorded_by) "
                   "VALUES ($1, $2, $3, $4::date, $5, $6, $7) RETURNING ",
                   kColumns)};
  return FromRow(db::Exec(tx, kInsert, row.member_id, row.kind, row.card_number,
                          FormatDay(row.issued_on), row.reason, row.decision, row.recorded_by)[0]);
}

std::vector<CardIssueRow> ListCardIssueRows(pqxx::transaction_base& tx, std::optional<int64_t> root,
                                            absl::CivilDay day, std::optional<absl::CivilDay> from,
                                            std::optional<absl::CivilDay> to, int64_t after_id,
                                            int limit) {
  static const db::Statement kList{
      "membership_card_list",
      absl::StrCat("SELECT ", kColumns,
                   " FROM membership.party_cards c JOIN membership.members m ON m.id = c.member_id "
                   "WHERE ",
                   InSubtreeSql("m.organization_id"),
                   " AND ($3::date IS NULL OR c.issued_on >= $3::date) "
                   "AND ($4::date IS NULL OR c.issued_on <= $4::date) AND c.id > $5 "
                   "ORDER BY c.id LIMIT $6")};
  std::vector<CardIssueRow> out;
  for (const auto& r :
       db::Exec(tx, kList, root, FormatDay(day), Day(from), Day(to), after_id, limit)) {
    out.push_back(FromRow(r));
  }
  return out;
}

std::vector<BadgeCandidateRow> BadgeCandidateRows(pqxx::transaction_base& tx,
                                                  std::optional<int64_t> root, absl::CivilDay day,
                                                  const std::vector<int>& years,
                                                  absl::CivilDay start, absl::CivilDay end) {
  static const db::Statement kCandidates{
      "membership_badge_candidates",
      absl::StrCat("SELECT m.id, m.full_name, m.admitted_on::text FROM membership.members m "
                   "WHERE ",
                   InSubtreeSql("m.organization_id"),
                   " AND m.status IN (1, 2) AND EXISTS (SELECT 1 FROM unnest($3::int[]) n WHERE "
                   "(m.admitted_on + make_interval(years => n))::date "
                   "BETWEEN $4::date - 1 AND $5::date + 1) ORDER BY m.id")};
  std::vector<BadgeCandidateRow> out;
  for (const auto& r : db::Exec(tx, kCandidates, root, FormatDay(day),
                                absl::StrCat("{", absl::StrJoin(years, ","), "}"), FormatDay(start),
                                FormatDay(end))) {
    out.push_back({r[0].as<int64_t>(), r[1].as<std::string>(), db::DayOf(r[2])});
  }
  return out;
}

}  // namespace partywork::membership
