/* SPDX-License-Identifier: MIT
 * app/cli/cli.h -- the `looplab` subcommands (everything but the TUI).
 *
 * Each command takes argc/argv starting at its own name and returns the
 * process exit code: 0 pass/ok, 1 fail, 2 interrupted, 3 internal error,
 * 4 usage error (pytest's codes). Output is plain text
 * without a TTY; colour only on a TTY with NO_COLOR unset, always paired
 * with a glyph and a word.
 */
#ifndef LL_CLI_H
#define LL_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum {
    LL_EXIT_OK = 0, LL_EXIT_FAIL = 1, LL_EXIT_INTERRUPTED = 2,
    LL_EXIT_INTERNAL = 3, LL_EXIT_USAGE = 4
};

typedef int (*ll_cli_fn)(int argc, char **argv);
struct ll_course;

/* Instructor commands (cli_grade.c, cli_gradebook.c). */
int ll_cli_grade(int argc, char **argv);
int ll_cli_gradebook(int argc, char **argv);
/* `trace export` (cli_trace.c). */
int ll_cli_trace(int argc, char **argv);
int ll_cli_review(int argc, char **argv);  /* app/cli/cli_review.c */

/* Look a subcommand up by name; NULL if unknown. */
ll_cli_fn ll_cli_find(const char *name);

/* The competency part of `looplab progress` (app/cli/cli_progress.c): a
 * human section, or a "competencies" member added to the JSON object o
 * (a json_t *). A broken rules file is reported, never fatal. */
struct ll_store;
void ll_cli_progress_competencies(const struct ll_course *c,
                                  struct ll_store *st, FILE *f);
void ll_cli_progress_competencies_json(const struct ll_course *c,
                                       struct ll_store *st, void *o);

/* `looplab dev new|lint|check` (app/cli/cli_dev.c). */
int ll_cli_dev(int argc, char **argv);
void ll_cli_usage(FILE *f);

/* Shared by the command files (cli_util.c). The course from
 * ll_course_default_root(), NULL after printing why it cannot load. */
struct ll_course *ll_cli_course(void);
/* The exit code after ll_cli_course returned NULL: LL_EXIT_USAGE when the
 * course files are at fault (missing folder, malformed or inconsistent
 * lesson/exercise file: the author's input), LL_EXIT_INTERNAL for out of
 * memory or I/O errors. */
int ll_cli_course_exit(void);
/* The progress store, or NULL (warning on stderr unless quiet): reading
 * commands work without it. */
struct ll_store  *ll_cli_store(bool quiet);
/* A command worked on lesson_id: its study time grows by the gap since
 * the lesson's last activity, when that gap is short (ll_store_study).
 * No-op without a store. */
void ll_cli_study(struct ll_store *st, const char *lesson_id);
/* Write data to stdout and flush it. On failure (a full disk, a closed
 * pipe's EIO...) print "looplab CMD: cannot write WHAT to standard output:
 * why" and return LL_EXIT_INTERNAL, else LL_EXIT_OK. main() checks the
 * final flush and close of stdout for every command as well. */
int ll_cli_write_out(const char *cmd, const char *what, const char *data,
                     size_t len);
/* Print "looplab CMD: MSG" and the --help pointer; returns LL_EXIT_USAGE. */
int ll_cli_usage_error(const char *cmd, const char *msg);

/* "Did you mean" (app/cli/cli_suggest.c). The closest of n names to word
 * (a few typing mistakes away at most), or NULL. */
const char *ll_cli_suggest(const char *word, const char *const *names,
                           size_t n);
/* After getopt_long returned '?' (main sets opterr = 0): "looplab CMD:
 * unknown option '--jsn' (did you mean '--json'?)" or "option '--file'
 * needs a value", then usage; returns LL_EXIT_USAGE. opts is the table
 * given to getopt_long. */
struct option;
int ll_cli_bad_option(const char *cmd, char **argv, const struct option *opts,
                      const char *usage);
/* An id that names nothing of its kind ('e' exercise, 'd' demo, 'l'
 * lesson, 'q' quiz): says what it names instead (a lesson's exercises or
 * demos, a demo's full id, an exercise's lesson) or the closest id, then
 * lists the ids of that kind. */
void ll_cli_unknown_id(const struct ll_course *c, const char *cmd, char kind,
                       const char *id);
/* The closest command name to a mistyped one, or NULL (cli.c's table). */
const char *ll_cli_suggest_command(const char *name);

/* Subcommands in their own files. */
int ll_cli_trace_show(int argc, char **argv);  /* app/cli/cli_trace_show.c */
int ll_cli_quiz(int argc, char **argv);    /* app/cli/cli_quiz.c */
int ll_cli_bench(int argc, char **argv);   /* app/cli/cli_bench.c */
int ll_cli_search(int argc, char **argv);  /* app/cli/cli_search.c */
int ll_cli_glossary(int argc, char **argv);   /* app/cli/cli_search.c */

#endif
