/* SPDX-License-Identifier: MIT
 * course/workspace.h -- the student's exercise files.
 *
 * Each exercise gets $LOOPLAB_HOME/<exercise-id>/<file> (default
 * ~/looplab/1.1a/fetch.py): a visible folder the student opens in their own
 * editor. The starter is copied in on first use and never overwritten except
 * by an explicit reset, which first backs the old file up under
 * $XDG_STATE_HOME/looplab/backups/.
 */
#ifndef LL_WORKSPACE_H
#define LL_WORKSPACE_H

#include "course.h"

/* $LOOPLAB_HOME, else ~/looplab. Heap string. */
char *ll_ws_root(void);
/* Path of the exercise's workspace file. Heap string, NULL on OOM. */
char *ll_ws_file(const ll_exercise *ex);
/* Copy the starter in unless the file exists. LL_OK, LL_EIO, LL_ENOENT
 * (starter missing), LL_ENOMEM. *path (optional) gets ll_ws_file(). */
int  ll_ws_ensure(const ll_exercise *ex, char **path);
/* Back the current file up, then put the starter back. *backup (optional)
 * gets the backup path (NULL if there was nothing to back up). */
int  ll_ws_reset(const ll_exercise *ex, char **backup);
/* Path of the exercise's reference solution file (solution/<file>). */
char *ll_ws_solution(const ll_exercise *ex);
/* Path of the starter (starter/<file>). */
char *ll_ws_starter(const ll_exercise *ex);
/* Hex digest (FNV-1a 64) of a file's content, for attempt records;
 * heap string, NULL if unreadable. Reads at most 16 MiB (then the size
 * stands for the rest). */
char *ll_ws_hash(const char *path);

#endif /* LL_WORKSPACE_H */
