add_library(godiag_warnings INTERFACE)
target_compile_options(godiag_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wconversion -Wno-sign-conversion)
if(GODIAG_WERROR)
  target_compile_options(godiag_warnings INTERFACE -Werror)
endif()
