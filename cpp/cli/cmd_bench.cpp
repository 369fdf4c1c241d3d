#include <iostream>
#include "commands.hpp"
namespace cinerec::cli {
int cmd_bench(const Args&) { std::cerr << "cinerec bench: not built yet\n"; return 2; }
}
