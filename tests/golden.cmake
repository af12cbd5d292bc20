# Golden-output tests (tests/golden.py): exact text of diagnostics, --emit plan and
# --emit asm, compared with the checked-in files under tests/diag and tests/golden.
# Regenerate after a deliberate change, then review the diff:
#   python3 tests/golden.py --sockc build/cli/sockc --update
find_package(Python3 REQUIRED COMPONENTS Interpreter)
foreach(group diag plan asm)
  add_test(NAME golden_${group}
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/golden.py --sockc $<TARGET_FILE:sockc> ${group}
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  set_tests_properties(golden_${group} PROPERTIES LABELS golden TIMEOUT 600)
endforeach()
