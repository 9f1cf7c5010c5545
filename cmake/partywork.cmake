# Build helpers shared by every service.

# Embeds the SQL migrations of `dir` into a generated C++ source (its path in
# `out_var`) defining
# `const std::vector<partywork::db::Migration>& <namespace>::Migrations()`,
# so that a binary ships with the schema it expects.
function(partywork_embed_migrations out_var namespace dir)
  file(GLOB sql_files CONFIGURE_DEPENDS "${dir}/*.sql")
  list(SORT sql_files)
  string(REPLACE "::" "_" stem "${namespace}")
  # A list in a custom command would split into separate arguments.
  string(REPLACE ";" "|" files_arg "${sql_files}")
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${stem}_migrations.cc")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNAMESPACE=${namespace} "-DFILES=${files_arg}"
            -P "${PROJECT_SOURCE_DIR}/cmake/embed_migrations.cmake"
    DEPENDS ${sql_files} "${PROJECT_SOURCE_DIR}/cmake/embed_migrations.cmake"
    COMMENT "Embedding the migrations of ${namespace}"
    VERBATIM)
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()

# Links every message and service descriptor into `target`, referenced or
# not, for programs that look them up by name (reflection on the gateway,
# partywork-call's JSON).
function(partywork_link_all_protos target)
  target_link_libraries(${target} PRIVATE
    -Wl,--whole-archive $<TARGET_FILE:partywork_protos> -Wl,--no-whole-archive)
  add_dependencies(${target} partywork_protos)
endfunction()
