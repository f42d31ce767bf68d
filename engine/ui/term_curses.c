/* SPDX-License-Identifier: MIT
 * engine/ui/term_curses.c -- placeholder: the curses sink lands with the TUI. */
typedef int ll_term_placeholder;
