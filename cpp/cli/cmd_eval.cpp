#include <iostream>
#include "cinerec/model.hpp"
#include "commands.hpp"
namespace cinerec::cli {
int cmd_eval(const Args&) { std::cerr << "cinerec eval: not built yet\n"; return 2; }
int cmd_algorithms(const Args&) {
  for (const auto& a : algorithms()) std::cout << a.name << "\t" << a.description << "\n";
  return 0;
}
}
