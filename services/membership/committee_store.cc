#include "services/membership/committee_store.h"

#include "absl/strings/str_cat.h"
#include "libs/platform/db/database.h"
#include "libs/platform/resource.h"

namespace partywork::membership {
namespace {

constexpr char kColumns[] =
    "s.id, s.member_id, s.role, s.term_start_year, s.term_end_year, s.from_on::text, "
    "s.to_on::text, s.also_head_of_unit, s.organization_id, m.full_name, s.decision, s.version, "
    "extract(epoch FROM s.created_at)::float8, extract(epoch FROM s.updated_at)::float8";
constexpr char kFrom[] =
    " FROM membership.committee_members s JOIN membership.members m ON m.id = s.member_id ";

SeatRow FromRow(const pqxx::row& r) {
  SeatRow row;
  row.seat.id = r[0].as<int64_t>();
  row.seat.member_id = r[1].as<int64_t>();
  row.seat.role = static_cast<v1::CommitteeRole>(r[2].as<int>());
  row.seat.term_start_year = r[3].as<int>();
  row.seat.term_end_year = r[4].as<int>();
  row.seat.from_on = db::DayOf(r[5]);
  if (!r[6].is_null()) row.seat.to_on = db::DayOf(r[6]);
  row.seat.also_head_of_unit = r[7].as<bool>();
  row.organization_id = r[8].as<int64_t>();
  row.member_full_name = r[9].as<std::string>();
  row.decision = r[10].as<std::string>();
  row.version = r[11].as<int>();
  row.created_at = db::TimeOf(r[12]);
  row.updated_at = db::TimeOf(r[13]);
  return row;
}

std::optional<std::string> ToOn(const Seat& seat) {
  return seat.to_on ? std::optional(FormatDay(*seat.to_on)) : std::nullopt;
}

}  // namespace

int64_t InsertSeat(pqxx::transaction_base& tx, const SeatRow& row) {
  static const db::Statement kInsert{
      "membership_seat_insert",
      "INSERT INTO membership.committee_members (organization_id, member_id, role, "
      "term_start_year, term_end_year, from_on, to_on, also_head_of_unit, decision) "
      "VALUES ($1, $2, $3, $4, $5, $6::date, $7::date, $8, $9) RETURNING id"};
  const Seat& s = row.seat;
  return db::Exec(tx, kInsert, row.organization_id, s.member_id, static_cast<int>(s.role),
                  s.term_start_year, s.term_end_year, FormatDay(s.from_on), ToOn(s),
                  s.also_head_of_unit, row.decision)[0][0]
      .as<int64_t>();
}

void UpdateSeat(pqxx::transaction_base& tx, const SeatRow& row) {
  static const db::Statement kUpdate{
      "membership_seat_update",
      "UPDATE membership.committee_members SET to_on = $2::date, also_head_of_unit = $3, "
      "decision = $4, version = version + 1, updated_at = now() WHERE id = $1"};
  db::Exec(tx, kUpdate, row.seat.id, ToOn(row.seat), row.seat.also_head_of_unit, row.decision);
}

std::optional<SeatRow> FindSeat(pqxx::transaction_base& tx, int64_t id, bool for_update) {
  static const db::Statement kFind{"membership_seat_find",
                                   absl::StrCat("SELECT ", kColumns, kFrom, "WHERE s.id = $1")};
  static const db::Statement kLock{
      "membership_seat_find_for_update",
      absl::StrCat("SELECT ", kColumns, kFrom, "WHERE s.id = $1 FOR UPDATE OF s")};
  auto r = db::Exec(tx, for_update ? kLock : kFind, id);
  if (r.empty()) return std::nullopt;
  return FromRow(r[0]);
}

std::vector<SeatRow> SeatsOf(pqxx::transaction_base& tx, int64_t organization_id) {
  static const db::Statement kList{
      "membership_seats_of",
      absl::StrCat("SELECT ", kColumns, kFrom,
                   "WHERE s.organization_id = $1 ORDER BY s.role, s.from_on, s.id")};
  std::vector<SeatRow> out;
  for (const auto& r : db::Exec(tx, kList, organization_id)) out.push_back(FromRow(r));
  return out;
}

}  // namespace partywork::membership
