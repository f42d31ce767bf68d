/* SPDX-License-Identifier: MIT
 * engine/main.c -- placeholder until the CLI lands (same session). */
#include <stdio.h>
int main(void);
int main(void) { puts("looplab " LL_VERSION); return 0; }
