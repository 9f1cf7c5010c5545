// Annual ratings (đánh giá, xếp loại chất lượng) of the dataset, 2021–2025:
// every organization and every member rated on 31 December as membership's
// CreateRating would accept them — members probationary or official then,
// not exempted, admitted long enough before (CheckMemberRateable); grades
// from the points where the 100-point scale applies (GradeOf); excellent
// ones within the cap of each group, counted one rating at a time as the
// service counts them (CheckExcellentCap) — with the RatingRecorded events
// membership publishes.
#include "absl/strings/str_cat.h"
#include "libs/platform/resource.h"
#include "libs/platform/rulebook/rulebook.h"
#include "partywork/membership/v1/rating.pb.h"
#include "services/membership/member_rules.h"
#include "services/membership/rating_rules.h"
#include "tools/bulk_import/copy_text.h"
#include "tools/bulk_import/dataset.h"

namespace partywork::bulk {
namespace {

namespace v1 = ::partywork::membership::v1;
namespace keys = ::partywork::rulebook::keys;

// Streams of ratings, apart from the members' own and the tree's.
constexpr uint64_t kRatingStream = 1ull << 40;

// The grade drawn before the cap (DOMAIN §5's targets: nearly all "good or
// better", a few "not completed"): excellent 15 % (the cap is 20 % of the
// good), good 80 %, completed 4.4 %, not completed 0.6 %.
v1::RatingGrade Draw(Rng& rng) {
  const double u = rng.Unit();
  return u < 0.15    ? v1::RATING_GRADE_EXCELLENT
         : u < 0.95  ? v1::RATING_GRADE_GOOD
         : u < 0.994 ? v1::RATING_GRADE_COMPLETED
                     : v1::RATING_GRADE_NOT_COMPLETED;
}

// Points within the grade's band of the 100-point scale, where the year has
// one (Quy định 366-QĐ/TW).
std::optional<int> PointsOf(Rng& rng, v1::RatingGrade grade, int year) {
  if (!membership::PointScaleApplies(year)) return std::nullopt;
  const auto& book = rulebook::Rulebook::Standard();
  const absl::CivilDay day = membership::RatingDay(year);
  const int excellent = static_cast<int>(book.Number(keys::kRatingExcellentMinPoints, day));
  const int good = static_cast<int>(book.Number(keys::kRatingGoodMinPoints, day));
  const int completed = static_cast<int>(book.Number(keys::kRatingCompletedMinPoints, day));
  auto in = [&rng](int from, int to) { return from + static_cast<int>(rng.Below(to - from)); };
  switch (grade) {
    case v1::RATING_GRADE_EXCELLENT:
      return in(excellent, 101);
    case v1::RATING_GRADE_GOOD:
      return in(good, excellent);
    case v1::RATING_GRADE_COMPLETED:
      return in(completed, good);
    default:
      return in(completed / 2, completed);
  }
}

// The grade recorded for `wanted` in a group whose excellent and good
// ratings of the year are `counts` (counted on): the service's own grading
// and cap, an excellent one over the cap given as good.
struct Grade {
  v1::RatingGrade grade;
  std::optional<int> points;
};
Grade Graded(Rng& rng, int year, std::pair<int, int>* counts, const std::string& group) {
  v1::RatingGrade wanted = Draw(rng);
  if (wanted == v1::RATING_GRADE_EXCELLENT &&
      membership::CheckExcellentCap(counts->first + 1, counts->second, year, group)) {
    wanted = v1::RATING_GRADE_GOOD;
  }
  const std::optional<int> points = PointsOf(rng, wanted, year);
  const membership::Graded graded =
      membership::GradeOf(year, points ? v1::RATING_GRADE_UNSPECIFIED : wanted, points);
  counts->first += graded.grade == v1::RATING_GRADE_EXCELLENT;
  counts->second += graded.grade == v1::RATING_GRADE_GOOD;
  return {graded.grade, points};
}

}  // namespace

namespace {

// One rating's row; its RatingRecorded event, as membership publishes it.
std::string AddRating(Chunk& out, int64_t id, const std::string& subject, int year, const Grade& g,
                      std::optional<int64_t> member, int64_t organization,
                      std::optional<int64_t> base) {
  const absl::CivilDay day = membership::RatingDay(year);
  v1::RatingRecorded event;
  v1::Rating& r = *event.mutable_rating();
  r.set_name(ResourceName("ratings", id));
  r.set_subject(subject);
  r.set_year(year);
  r.set_grade(g.grade);
  if (g.points) r.set_points(*g.points);
  r.set_decision(absl::StrCat("Kết quả đánh giá, xếp loại chất lượng năm ", year));
  r.set_organization(ResourceName("organizations", organization));
  if (base) r.set_base_organization(ResourceName("organizations", *base));
  r.mutable_create_time()->set_seconds(RecordedAt(day));
  r.set_recorded_by("bulk-import");
  std::string& row = out.ratings;
  Field(row, id);
  Field(row, member);
  Field(row, organization);
  Field(row, base);
  Field(row, year);
  Field(row, g.grade);
  g.points ? Field(row, *g.points) : Null(row);
  Field(row, r.decision());
  Field(row, r.recorded_by());
  Field(row, Timestamp(day));
  EndRow(row);
  return Packed(event);
}

constexpr char kRatingRecorded[] = "partywork.membership.v1.RatingRecorded";

}  // namespace

void Generator::OrganizationRatings(Chunk& out) {
  Rng rng(seed_, kRatingStream - 1);
  for (int year = kHistoryFrom.year(); year <= kAsOf.year(); ++year) {
    const absl::CivilDay day = membership::RatingDay(year);
    for (int64_t org = 1; org <= static_cast<int64_t>(places_.size()); ++org) {
      const int64_t parent = ParentOn(org, day);
      if (shape_.national && parent == 0) continue;  // the Party as a whole is not rated
      // The organizations under one committee are capped together.
      const Grade g = Graded(rng, year, &organization_caps_[{parent, year}],
                             absl::StrCat("the organizations under organizations/", parent));
      const int64_t id = ++counts_.organization_ratings + counts_.member_ratings;
      AddOutbox(out, ResourceName("ratings", id), kRatingRecorded,
                AddRating(out, id, ResourceName("organizations", org), year, g, std::nullopt, org,
                          std::nullopt));
    }
  }
}

void Generator::MemberRatings(Chunk& out, int64_t member,
                              const std::vector<membership::HistoryEvent>& history,
                              const membership::MemberFacts& facts) {
  Rng rng(seed_, kRatingStream + static_cast<uint64_t>(member));
  for (int year = kHistoryFrom.year(); year <= kAsOf.year(); ++year) {
    const absl::CivilDay day = membership::RatingDay(year);
    const membership::Standing s = membership::DeriveStanding(history, facts, day).standing;
    // As CreateRating: only a probationary member can be newly admitted.
    const auto admitted_on = s.status == v1::MEMBER_STATUS_PROBATIONARY
                                 ? std::optional(s.probation_started_on)
                                 : std::nullopt;
    if (membership::CheckMemberRateable(s, admitted_on, year)) continue;
    const int64_t cell = *s.organization_id;
    const int64_t base = BaseOrganizationOn(cell, day);
    const Grade g = Graded(rng, year, &member_caps_[{base, year}], "the base organization");
    const int64_t id = ++counts_.member_ratings + counts_.organization_ratings;
    AddOutbox(out, ResourceName("ratings", id), kRatingRecorded,
              AddRating(out, id, ResourceName("members", member), year, g, member, cell, base));
  }
}

}  // namespace partywork::bulk
