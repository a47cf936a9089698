#ifndef KILO_CBLAS_SHIM_H
#define KILO_CBLAS_SHIM_H
#include <cblas.h>
#endif
