// A Cholesky factorisation that is safe to copy and move before compute().
//
// Eigen::LLT leaves its status (m_info) unset until compute() runs, so copying
// or moving a default-constructed LLT reads an indeterminate enum: undefined
// behaviour, which UBSan reports as "load of value …, which is not a valid
// value for type 'ComputationInfo'" (a fold of an empty profile returned one).
// Llt starts as the factorisation of a 0×0 matrix (status Success); Llt(n)
// keeps room for an n × n matrix, as LLT(n) does.
#pragma once
#include <Eigen/Cholesky>
#include <Eigen/Core>

namespace cinerec {

class Llt : public Eigen::LLT<Eigen::MatrixXf> {
 public:
  Llt() { compute(Eigen::MatrixXf()); }
  explicit Llt(Eigen::Index size) : Eigen::LLT<Eigen::MatrixXf>(size) {
    compute(Eigen::MatrixXf::Identity(size, size));
  }
};

}  // namespace cinerec
