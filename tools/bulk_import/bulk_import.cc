#include "tools/bulk_import/bulk_import.h"

#include <future>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libpq-fe.h"

namespace partywork::bulk {
namespace {

// Each schema's part of the load: the tables whose secondary indexes are
// built after it, those that must be empty before, and the id sequences.
struct Part {
  Schema schema;
  const char* name;
  const char* indexed;  // the tables whose secondary indexes are built after the load
  const char* must_be_empty;
  std::vector<const char*> sequenced;  // tables whose id sequence follows the rows
};
const Part kParts[] = {
    {Schema::kMembership,
     "membership",
     "('organization_versions', 'members', 'member_events', 'outbox', 'reorganizations', "
     "'ratings', 'member_awards')",
     "(SELECT count(*) FROM membership.organizations) + (SELECT count(*) FROM "
     "membership.members) + (SELECT count(*) FROM membership.outbox)",
     {"organizations", "reorganizations", "members", "member_events", "ratings", "member_awards",
      "outbox"}},
    {Schema::kInspection,
     "inspection",
     "('programs', 'petitions', 'inspections', 'discipline_cases', 'outbox')",
     "(SELECT count(*) FROM inspection.programs) + (SELECT count(*) FROM inspection.inspections) "
     "+ (SELECT count(*) FROM inspection.petitions) + (SELECT count(*) FROM "
     "inspection.discipline_cases) + (SELECT count(*) FROM inspection.outbox)",
     {"programs", "petitions", "inspections", "discipline_cases", "outbox"}},
};

class Session {
 public:
  explicit Session(const std::string& url) : conn_(PQconnectdb(url.c_str()), &PQfinish) {}
  absl::Status Connected() const {
    if (PQstatus(conn_.get()) == CONNECTION_OK) return absl::OkStatus();
    return absl::UnavailableError(absl::StrCat("cannot connect: ", PQerrorMessage(conn_.get())));
  }

  // Runs `sql`; its rows as text.
  absl::StatusOr<std::vector<std::vector<std::string>>> Exec(const std::string& sql) {
    std::unique_ptr<PGresult, decltype(&PQclear)> r(PQexec(conn_.get(), sql.c_str()), &PQclear);
    const auto status = PQresultStatus(r.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      return absl::InternalError(
          absl::StrCat(sql.substr(0, 80), ": ", PQerrorMessage(conn_.get())));
    }
    std::vector<std::vector<std::string>> rows(PQntuples(r.get()));
    for (size_t i = 0; i < rows.size(); ++i) {
      for (int c = 0; c < PQnfields(r.get()); ++c) {
        rows[i].push_back(PQgetvalue(r.get(), static_cast<int>(i), c));
      }
    }
    return rows;
  }

  // COPY `rows` (COPY text) into `table`.
  absl::Status Copy(const Table& table, const std::string& rows) {
    if (rows.empty()) return absl::OkStatus();
    const std::string sql = absl::StrCat("COPY ", table.name, " ", table.columns, " FROM STDIN");
    std::unique_ptr<PGresult, decltype(&PQclear)> start(PQexec(conn_.get(), sql.c_str()), &PQclear);
    if (PQresultStatus(start.get()) != PGRES_COPY_IN) return Error(table);
    constexpr size_t kPiece = 1 << 22;
    for (size_t at = 0; at < rows.size(); at += kPiece) {
      const size_t n = std::min(kPiece, rows.size() - at);
      if (PQputCopyData(conn_.get(), rows.data() + at, static_cast<int>(n)) != 1) {
        return Error(table);
      }
    }
    if (PQputCopyEnd(conn_.get(), nullptr) != 1) return Error(table);
    bool ok = true;
    while (PGresult* r = PQgetResult(conn_.get())) {
      ok = ok && PQresultStatus(r) == PGRES_COMMAND_OK;
      PQclear(r);
    }
    return ok ? absl::OkStatus() : Error(table);
  }

  // The chunk's tables of `schema` in one transaction.
  absl::Status Load(const Chunk& chunk, Schema schema) {
    if (auto s = Exec("BEGIN"); !s.ok()) return s.status();
    for (const Table& table : Tables()) {
      if (table.schema != schema) continue;
      if (auto s = Copy(table, chunk.*(table.rows)); !s.ok()) {
        (void)Exec("ROLLBACK");
        return s;
      }
    }
    return Exec("COMMIT").status();
  }

 private:
  absl::Status Error(const Table& table) {
    return absl::InternalError(
        absl::StrCat("COPY ", table.name, ": ", PQerrorMessage(conn_.get())));
  }
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn_;
};

absl::Status Prepare(Session& db, const Part& part, std::vector<std::string>* index_definitions) {
  auto rows = db.Exec(absl::StrCat("SELECT ", part.must_be_empty));
  if (!rows.ok()) return rows.status();
  if ((*rows)[0][0] != "0") {
    return absl::FailedPreconditionError(
        absl::StrCat(part.name,
                     "'s schema already holds data: bulk import loads an empty, "
                     "migrated schema"));
  }
  // The load is one writer on an empty schema: a crash means starting again,
  // so commits need not wait for the disk, and sorts may use memory.
  for (const char* setting :
       {"SET synchronous_commit = off", "SET maintenance_work_mem = '512MB'"}) {
    if (auto s = db.Exec(setting); !s.ok()) return s.status();
  }
  // Indexes that back no constraint, as the migrations defined them.
  auto indexes = db.Exec(absl::StrCat(
      "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
      "JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace "
      "WHERE n.nspname = '",
      part.name, "' AND t.relname IN ", part.indexed,
      " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)"));
  if (!indexes.ok()) return indexes.status();
  for (const auto& row : *indexes) {
    if (auto s = db.Exec(absl::StrCat("DROP INDEX ", row[0])); !s.ok()) return s.status();
    index_definitions->push_back(row[1]);
  }
  return absl::OkStatus();
}

// What the audit record says was loaded into the schema.
std::string Details(const Part& part, const ImportOptions& options, const Counts& c) {
  std::string details =
      absl::StrCat("{\"size\": \"", SizeName(options.size), "\", \"seed\": ", options.seed);
  const std::vector<std::pair<const char*, int64_t>> counts =
      part.schema == Schema::kMembership
          ? std::vector<std::pair<const char*, int64_t>>{{"members", c.members},
                                                         {"events", c.events},
                                                         {"ratings", c.member_ratings +
                                                                         c.organization_ratings},
                                                         {"awards", c.awards},
                                                         {"outbox", c.outbox}}
          : std::vector<std::pair<const char*, int64_t>>{{"programs", c.programs},
                                                         {"inspections", c.inspections},
                                                         {"petitions", c.petitions},
                                                         {"discipline_cases", c.discipline_cases},
                                                         {"outbox", c.inspection_outbox}};
  for (const auto& [name, n] : counts) absl::StrAppend(&details, ", \"", name, "\": ", n);
  return details + "}";
}

absl::Status Finish(Session& db, const Part& part, const ImportOptions& options,
                    const Counts& counts, const std::vector<std::string>& index_definitions) {
  for (const auto& definition : index_definitions) {
    if (auto s = db.Exec(definition); !s.ok()) return s.status();
  }
  std::string tables;
  for (const char* table : part.sequenced) {
    const std::string qualified = absl::StrCat(part.name, ".", table);
    auto s = db.Exec(absl::StrCat("SELECT setval(pg_get_serial_sequence('", qualified,
                                  "', 'id'), greatest(1, (SELECT max(id) FROM ", qualified, ")))"));
    if (!s.ok()) return s.status();
    absl::StrAppend(&tables, tables.empty() ? "" : ", ", qualified);
  }
  auto audit = db.Exec(absl::StrCat(
      "INSERT INTO ", part.name,
      ".audit_log (subject, role, request_id, action, resource, details) "
      "VALUES ('bulk-import', 'service', 'bulk-import-",
      options.seed, "', 'BulkImport', '", part.schema == Schema::kMembership ? "members" : "work",
      "', '", Details(part, options, counts), "')"));
  if (!audit.ok()) return audit.status();
  if (part.schema == Schema::kMembership) tables += ", membership.organization_versions";
  return db.Exec(absl::StrCat("ANALYZE ", tables)).status();
}

}  // namespace

absl::StatusOr<ImportResult> Import(const ImportOptions& options) {
  const absl::Time began = absl::Now();
  ImportResult result;
  // A session per schema loaded, each with the indexes it dropped.
  struct Loaded {
    const Part* part;
    std::unique_ptr<Session> db;
    std::vector<std::string> index_definitions;
  };
  std::vector<Loaded> loaded;
  if (!options.dry_run) {
    for (const Part& part : kParts) {
      const std::string& url = part.schema == Schema::kMembership ? options.database_url
                                                                  : options.inspection_database_url;
      if (url.empty()) continue;
      loaded.push_back({&part, std::make_unique<Session>(url), {}});
      if (auto s = loaded.back().db->Connected(); !s.ok()) return s;
      if (auto s = Prepare(*loaded.back().db, part, &loaded.back().index_definitions); !s.ok()) {
        return s;
      }
    }
  }
  Generator generator(options.size, options.seed);
  Chunk chunk = generator.Organizations();
  Checksum checksum;
  const int64_t total = generator.shape().members;
  int64_t next = 1;
  auto generate = [&generator, &options, total](int64_t from) {
    return generator.Members(from, std::min(total + 1, from + options.chunk_members));
  };
  while (true) {
    // The next chunk is drawn while PostgreSQL takes this one.
    std::future<Chunk> upcoming;
    if (next <= total) {
      upcoming = std::async(std::launch::async, generate, next);
      next = std::min(total + 1, next + options.chunk_members);
    }
    checksum.Add(chunk);
    for (Loaded& l : loaded) {
      if (auto s = l.db->Load(chunk, l.part->schema); !s.ok()) {
        if (upcoming.valid()) upcoming.wait();
        return s;
      }
    }
    if (!upcoming.valid()) break;
    chunk = upcoming.get();
    options.progress(absl::StrCat(next - 1, " of ", total, " members"));
  }
  result.counts = generator.counts();
  result.checksum = checksum.Value();
  const absl::Time indexing = absl::Now();
  for (Loaded& l : loaded) {
    if (auto s = Finish(*l.db, *l.part, options, result.counts, l.index_definitions); !s.ok()) {
      return s;
    }
  }
  result.index_seconds = absl::ToDoubleSeconds(absl::Now() - indexing);
  result.seconds = absl::ToDoubleSeconds(absl::Now() - began);
  return result;
}

}  // namespace partywork::bulk
