# Script mode: writes OUT, a C++ file holding the SQL files FILES (sorted),
# each as a migration whose version is the number its name starts with.
# FILES separates paths with "|".
string(REPLACE "|" ";" FILES "${FILES}")
set(body "")
foreach(f IN LISTS FILES)
  get_filename_component(name "${f}" NAME_WE)
  string(REGEX MATCH "^[0-9]+" version "${name}")
  if(version STREQUAL "")
    message(FATAL_ERROR "migration ${f} must start with its version number")
  endif()
  math(EXPR version "${version}")
  file(READ "${f}" sql)
  string(APPEND body "      {${version}, \"${name}\", R\"pwsql(${sql})pwsql\"},\n")
endforeach()
file(WRITE "${OUT}.tmp" "// Generated from the SQL files of the migrations folder. Do not edit.
#include \"libs/platform/db/migrations.h\"

namespace ${NAMESPACE} {

const std::vector<partywork::db::Migration>& Migrations() {
  static const auto* const kMigrations = new std::vector<partywork::db::Migration>{
${body}  };
  return *kMigrations;
}

}  // namespace ${NAMESPACE}
")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
