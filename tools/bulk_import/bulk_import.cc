#include "tools/bulk_import/bulk_import.h"

#include <future>
#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
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

bool IsOutbox(const Table& table) { return absl::EndsWith(table.name, ".outbox"); }

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

  // The chunk's tables of `schema`, its outbox or the others, in a
  // transaction left open for Commit (or rolled back on failure).
  absl::Status Send(const Chunk& chunk, Schema schema, bool outbox) {
    if (auto s = Exec("BEGIN"); !s.ok()) return s.status();
    for (const Table& table : Tables()) {
      if (table.schema != schema || IsOutbox(table) != outbox) continue;
      if (auto s = Copy(table, chunk.*(table.rows)); !s.ok()) {
        Abort();
        return s;
      }
    }
    return absl::OkStatus();
  }
  absl::Status Commit() { return Exec("COMMIT").status(); }
  // Rolls back the transaction in progress, if any.
  void Abort() {
    if (PQtransactionStatus(conn_.get()) != PQTRANS_IDLE) (void)Exec("ROLLBACK");
  }

 private:
  absl::Status Error(const Table& table) {
    return absl::InternalError(
        absl::StrCat("COPY ", table.name, ": ", PQerrorMessage(conn_.get())));
  }
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn_;
};

// The load is one writer on an empty schema: a crash means starting again,
// so commits need not wait for the disk, and sorts and the foreign keys'
// checks (hash joins) may use memory.
absl::Status Configure(Session& db) {
  if (auto s = db.Connected(); !s.ok()) return s;
  for (const char* setting : {"SET synchronous_commit = off", "SET maintenance_work_mem = '512MB'",
                              "SET work_mem = '512MB'"}) {
    if (auto s = db.Exec(setting); !s.ok()) return s.status();
  }
  return absl::OkStatus();
}

// An audit record of the import in the schema.
absl::Status Audit(Session& db, const Part& part, const ImportOptions& options, const char* action,
                   const std::string& details) {
  return db
      .Exec(absl::StrCat("INSERT INTO ", part.name,
                         ".audit_log (subject, role, request_id, action, resource, details) "
                         "VALUES ('bulk-import', 'service', 'bulk-import-",
                         options.seed, "', '", action, "', '",
                         part.schema == Schema::kMembership ? "members" : "work", "', '", details,
                         "')"))
      .status();
}

// Checks that the schema is empty and was never imported into, then drops
// what would slow the load row by row, keeping in `dropped` the statements
// that put it back (Finish, or PutBack after a failure). One transaction,
// with a record that an import began: a schema whose import failed after it
// is refused until it is emptied and migrated again, whatever a crash left.
absl::Status Prepare(Session& db, const Part& part, const ImportOptions& options,
                     std::vector<std::string>* dropped) {
  if (auto s = Configure(db); !s.ok()) return s;
  if (auto s = db.Exec("BEGIN"); !s.ok()) return s.status();
  auto prepared = [&]() -> absl::Status {
    auto rows = db.Exec(absl::StrCat("SELECT ", part.must_be_empty, " + (SELECT count(*) FROM ",
                                     part.name, ".audit_log WHERE action LIKE 'BulkImport%')"));
    if (!rows.ok()) return rows.status();
    if ((*rows)[0][0] != "0") {
      return absl::FailedPreconditionError(
          absl::StrCat(part.name,
                       "'s schema already holds data or an import: bulk import loads an empty, "
                       "migrated schema (drop it and migrate again)"));
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
      dropped->push_back(row[1]);
    }
    // The schema's foreign keys, checked again once, table against table,
    // when they are put back: kept, each row loaded would run a query per
    // key (at country size over 100 million, a third of the load's time).
    auto keys = db.Exec(absl::StrCat(
        "SELECT c.conrelid::regclass::text, quote_ident(c.conname), pg_get_constraintdef(c.oid) "
        "FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON "
        "n.oid = t.relnamespace WHERE c.contype = 'f' AND n.nspname = '",
        part.name, "' ORDER BY 1, 2"));
    if (!keys.ok()) return keys.status();
    for (const auto& row : *keys) {
      const std::string drop = absl::StrCat("ALTER TABLE ", row[0], " DROP CONSTRAINT ", row[1]);
      if (auto s = db.Exec(drop); !s.ok()) return s.status();
      dropped->push_back(
          absl::StrCat("ALTER TABLE ", row[0], " ADD CONSTRAINT ", row[1], " ", row[2]));
    }
    if (auto s = Audit(db, part, options, "BulkImportStarted",
                       absl::StrCat("{\"dropped\": ", dropped->size(), "}"));
        !s.ok()) {
      return s;
    }
    return db.Commit();
  }();
  if (!prepared.ok()) {
    db.Abort();
    dropped->clear();  // rolled back with the transaction
  }
  return prepared;
}

// The chunk's rows and its outbox events on two connections at once, the
// rows committed first: a consumer of the feed never reads an event whose
// rows are not there.
absl::Status Load(Session& rows, Session& events, const Chunk& chunk, Schema schema) {
  std::future<absl::Status> outbox =
      std::async(std::launch::async, [&] { return events.Send(chunk, schema, true); });
  absl::Status status = rows.Send(chunk, schema, false);
  const absl::Status sent = outbox.get();
  if (status.ok() && sent.ok()) {
    status = rows.Commit();
    if (status.ok()) return events.Commit();
  }
  rows.Abort();
  events.Abort();
  return status.ok() ? sent : status;
}

// After a failed load: puts back what Prepare dropped, on a connection of
// its own (the load's may be the one that broke), as far as it can (an index
// Finish already built again fails, and is passed over). Returns how many
// could not be put back.
int PutBack(const std::string& url, const std::vector<std::string>& dropped) {
  Session db(url);
  int failed = 0;
  for (const auto& statement : dropped) {
    if (!db.Exec(statement).ok()) ++failed;
  }
  return failed;
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
                    const Counts& counts, std::vector<std::string>* dropped) {
  // The indexes, then the foreign keys (each checked over its whole table),
  // each forgotten once it is back.
  while (!dropped->empty()) {
    if (auto s = db.Exec(dropped->front()); !s.ok()) return s.status();
    dropped->erase(dropped->begin());
  }
  std::string tables;
  for (const char* table : part.sequenced) {
    const std::string qualified = absl::StrCat(part.name, ".", table);
    auto s = db.Exec(absl::StrCat("SELECT setval(pg_get_serial_sequence('", qualified,
                                  "', 'id'), greatest(1, (SELECT max(id) FROM ", qualified, ")))"));
    if (!s.ok()) return s.status();
    absl::StrAppend(&tables, tables.empty() ? "" : ", ", qualified);
  }
  if (auto s = Audit(db, part, options, "BulkImport", Details(part, options, counts)); !s.ok()) {
    return s;
  }
  if (part.schema == Schema::kMembership) {
    tables += ", membership.organization_versions";
    // Until a table is vacuumed none of its pages is marked all-visible, so
    // an index-only scan reads the table too: the lists and searches read
    // members through covering indexes, and a district's search took 28 ms
    // before this, 11 ms after. Autovacuum would come to it later, while
    // serving.
    if (auto s = db.Exec("VACUUM membership.members"); !s.ok()) return s.status();
  }
  return db.Exec(absl::StrCat("ANALYZE ", tables)).status();
}

}  // namespace

absl::StatusOr<ImportResult> Import(const ImportOptions& options) {
  const absl::Time began = absl::Now();
  ImportResult result;
  // Two sessions per schema loaded (its rows, its outbox), with what the
  // first dropped.
  struct Loaded {
    const Part* part = nullptr;
    std::string url;
    std::unique_ptr<Session> db, events;
    std::vector<std::string> dropped;  // by Prepare, until Finish put them back
    bool began = false;                // Prepare went through
  };
  std::vector<Loaded> loaded;
  // A failure puts back what was dropped. A schema Prepare went through is
  // refused by the next import until it is emptied and migrated again.
  auto failed = [&loaded](const absl::Status& s) {
    bool began = false;
    int lost = 0;
    for (Loaded& l : loaded) {
      began = began || l.began;
      lost += PutBack(l.url, l.dropped);
    }
    if (!began) return s;
    const std::string put_back = lost == 0 ? "every index and key is back"
                                           : absl::StrCat(lost, " indexes or keys are not back");
    return absl::Status(s.code(), absl::StrCat(s.message(), " (", put_back,
                                               "; drop the schemas and migrate them again before "
                                               "another import)"));
  };
  if (!options.dry_run) {
    for (const Part& part : kParts) {
      const std::string& url = part.schema == Schema::kMembership ? options.database_url
                                                                  : options.inspection_database_url;
      if (url.empty()) continue;
      Loaded& l = loaded.emplace_back();
      l.part = &part;
      l.url = url;
      l.db = std::make_unique<Session>(url);
      l.events = std::make_unique<Session>(url);
      if (auto s = Prepare(*l.db, part, options, &l.dropped); !s.ok()) return failed(s);
      l.began = true;
      if (auto s = Configure(*l.events); !s.ok()) return failed(s);
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
    // Summed while PostgreSQL takes it, not before: at country size the
    // checksum is half a minute.
    std::future<void> summed =
        std::async(std::launch::async, [&checksum, &chunk] { checksum.Add(chunk); });
    for (Loaded& l : loaded) {
      if (auto s = Load(*l.db, *l.events, chunk, l.part->schema); !s.ok()) {
        summed.wait();
        if (upcoming.valid()) upcoming.wait();
        return failed(s);
      }
    }
    summed.get();
    if (!upcoming.valid()) break;
    chunk = upcoming.get();
    options.progress(absl::StrCat(next - 1, " of ", total, " members"));
  }
  result.counts = generator.counts();
  result.checksum = checksum.Value();
  const absl::Time indexing = absl::Now();
  for (Loaded& l : loaded) {
    if (auto s = Finish(*l.db, *l.part, options, result.counts, &l.dropped); !s.ok()) {
      return failed(s);
    }
  }
  result.index_seconds = absl::ToDoubleSeconds(absl::Now() - indexing);
  result.seconds = absl::ToDoubleSeconds(absl::Now() - began);
  return result;
}

}  // namespace partywork::bulk
