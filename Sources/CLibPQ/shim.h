#ifndef SMARTGATE_CLIBPQ_SHIM_H
#define SMARTGATE_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
