/* SPDX-License-Identifier: MIT
 * grader/sandbox_int.h -- what the pieces of the sandbox share: sandbox.c
 * (probe, uids, enter, interruption, teardown), sandbox_dir.c (the
 * attempt folder), sandbox_seccomp.c (the
 * syscall allow-list) and sandbox_ns.c (what the submission sees of the
 * machine: namespaces, hidden paths, Landlock). Internal to those files.
 */
#ifndef LL_SANDBOX_INT_H
#define LL_SANDBOX_INT_H

#include <stdbool.h>
#include <sys/types.h>

#include "sandbox.h"

/* Compile the seccomp allow-list (parent, before fork; once per process
 * and variant). netns: the process will be in a private network
 * namespace, where abstract AF_UNIX names reach no one outside; without
 * it, bind/connect/listen/accept are denied too. 0, or -1 with errno. */
int  ll__sandbox_seccomp_build(bool netns);
/* Child: set no_new_privs and load the compiled list (compiling it first
 * only if the parent did not: no allocation otherwise). */
int  ll__sandbox_seccomp_load(bool netns);

/* Child, as root, before the uid drop: private mount, IPC and network
 * namespaces; a fresh tmpfs on /dev/shm, a /proc that shows only the
 * sandbox uid's processes, and every hidden path (the course, the
 * gradebook: ll_sandbox_hide) covered. 0, or -1 with errno. */
int  ll__sandbox_ns_enter(const ll_sandbox *sb);
/* Probe (in a throw-away child): can this machine do the above? */
int  ll__sandbox_ns_probe(void);

/* Child, after the uid drop: the Landlock ruleset (reads only where
 * Python lives, writes only in the attempt's work folder). */
int  ll__sandbox_landlock(const ll_sandbox *sb);
int  ll__sandbox_landlock_abi(void);

/* Root: give sb a dedicated uid (locked; LOOPLAB_SANDBOX_UID pins it). */
void ll__sandbox_take_uid(ll_sandbox *sb);

/* Does anything of uid survive: a process, a file in /dev/shm, a SysV
 * IPC object? (An uid with leftovers is never handed out again.) */
bool ll__sandbox_uid_residue(uid_t uid);
/* Remove what uid left in the shared /dev/shm and SysV IPC (only where no
 * private namespace held them). */
void ll__sandbox_uid_scrub(uid_t uid);

#endif
