# Start-up (cli/startup.c): a one-rule compile's page faults, and the code layout.
# Only for the executable that is shipped: static, without sanitizers (whose shadow
# memory and shared LLVM are other page counts altogether).
if(SOCKC_STATIC AND NOT SOCKC_SANITIZE)
  add_executable(faults ${CMAKE_CURRENT_SOURCE_DIR}/faults.c)
  add_test(NAME startup COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/startup.sh $<TARGET_FILE:sockc>
           $<TARGET_FILE:faults> ${PROJECT_SOURCE_DIR})
endif()
