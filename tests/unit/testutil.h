/* SPDX-License-Identifier: MIT
 * tests/unit/testutil.h -- helpers shared by the cmocka tests.
 */
#ifndef LL_TESTUTIL_H
#define LL_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

/* A fresh temporary directory (mkdtemp under $TMPDIR or /tmp); heap string.
 * Removed (recursively) by tu_rmtree. */
char *tu_tmpdir(void);
void  tu_rmtree(const char *path);
/* Source tree root (LL_SOURCE_DIR env, else the compiled-in one). */
const char *tu_srcdir(void);
/* Write a text file (creating parent dirs). */
void  tu_write(const char *path, const char *text);

#endif
