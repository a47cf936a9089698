#ifndef KILO_CPREFETCH_H
#define KILO_CPREFETCH_H
/// Software prefetch (a hint: never faults, no effect on results). Swift has no prefetch
/// intrinsic; the GBDT row-wise histogram uses this to fetch rows a few dozen ahead of the
/// gather loop, as LightGBM's `PREFETCH_T0` does.
static inline void kilo_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }
#endif
