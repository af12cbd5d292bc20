# Replays every input in fuzz/regressions/ (crashes and broken invariants the fuzzers
# found) through the fuzz targets' entry points, in the normal build without
# libFuzzer; under scripts/sanitize.sh with ASan/UBSan as well.
add_executable(fuzz_regress_test ${CMAKE_CURRENT_SOURCE_DIR}/fuzz_regress.c ${PROJECT_SOURCE_DIR}/fuzz/fuzz_entry.c)
target_include_directories(fuzz_regress_test PRIVATE ${PROJECT_SOURCE_DIR}/fuzz)
target_compile_definitions(fuzz_regress_test PRIVATE SOCKC_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
target_link_libraries(fuzz_regress_test PRIVATE sockc_compiler sockc_common)
add_test(NAME fuzz_regress COMMAND fuzz_regress_test)
set_tests_properties(fuzz_regress PROPERTIES LABELS fuzz TIMEOUT 300)
