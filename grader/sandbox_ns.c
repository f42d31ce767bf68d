/* SPDX-License-Identifier: MIT
 * grader/sandbox_ns.c -- what a submission sees of the machine.
 *
 * Three layers, each closing what the one before leaves open:
 *  - Landlock (any uid, kernel >= 5.13): reads only where Python lives
 *    (/usr/bin, /usr/lib..., /etc, /proc, /dev -- never all of /usr,
 *    where `make install` puts the course under /usr/local/share), writes
 *    only in the attempt's work folder.
 *  - Namespaces (root only, the L3 level): a private mount namespace with
 *    a fresh size-capped tmpfs on /dev/shm (files there die with the
 *    attempt and no other student sees them), a /proc mounted with
 *    hidepid=invisible (other processes' command lines -- every student
 *    path of a batch -- are not listed), and every hidden path (the
 *    course, the gradebook: ll_sandbox_hide) covered by an empty
 *    read-only tmpfs or /dev/null, wherever it is installed; a private IPC
 *    namespace (SysV objects die with it); a private network namespace
 *    (nothing but a down loopback; abstract AF_UNIX names reach no one).
 *  - The uid: released only when nothing of it survives (processes,
 *    /dev/shm files, SysV objects), else never handed out again.
 */
#include "sandbox_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define SB_SHM_SIZE "size=64m"      /* a RAM fill stops here */
#define SB_MAX_HIDE 32

/* {=================== hidden paths ===================} */

static char *sb_hide[SB_MAX_HIDE];
static size_t sb_nhide;

int
ll_sandbox_hide(const char *path)
{
    char *real;
    size_t i;

    if (path == NULL || *path == '\0')
        return LL_EINVAL;
    real = realpath(path, NULL);
    if (real == NULL)
        return LL_ENOENT;
    for (i = 0; i < sb_nhide; i++)
        if (strcmp(sb_hide[i], real) == 0) {
            free(real);
            return LL_OK;
        }
    if (sb_nhide == SB_MAX_HIDE || strcmp(real, "/") == 0) {
        free(real);
        return LL_ELIMIT;
    }
    sb_hide[sb_nhide++] = real;
    return LL_OK;
}

/* Is a inside b (or b itself)? */
static bool
sb_under(const char *a, const char *b)
{
    size_t n = strlen(b);
    return strncmp(a, b, n) == 0 && (a[n] == '\0' || a[n] == '/');
}

/* Cover one path: a folder by an empty read-only tmpfs, a file by
 * /dev/null. Never a path that holds the attempt folder (the submission
 * must reach its own files). */
static int
sb_cover(const ll_sandbox *sb, const char *path)
{
    static const char *const sfx[] = { "", "-wal", "-shm", "-journal" };
    /* nor one that holds what Python needs (a class folder given as /usr) */
    static const char *const sys[] = { "/usr/bin", "/usr/lib", "/lib",
                                       "/bin", "/etc", "/proc", "/dev" };
    struct stat st;
    size_t i;

    if (sb->dir != NULL && sb_under(sb->dir, path))
        return 0;
    for (i = 0; i < LL_COUNTOF(sys); i++)
        if (sb_under(sys[i], path))
            return 0;
    if (stat(path, &st) != 0)
        return 0;
    if (S_ISDIR(st.st_mode))
        return mount("tmpfs", path, "tmpfs", MS_RDONLY | MS_NOSUID |
                     MS_NODEV | MS_NOEXEC, "size=4k,mode=0555");
    /* a database file: its journal files too */
    for (i = 0; i < LL_COUNTOF(sfx); i++) {
        char p[4096];
        snprintf(p, sizeof p, "%s%s", path, sfx[i]);
        if (stat(p, &st) == 0 && S_ISREG(st.st_mode) &&
            mount("/dev/null", p, NULL, MS_BIND, NULL) != 0)
            return -1;
    }
    return 0;
}

/* {=================== namespaces ===================} */

int
ll__sandbox_ns_enter(const ll_sandbox *sb)
{
    size_t i;

    if (unshare(CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWNET) != 0)
        return -1;
    /* nothing we mount propagates back to the host */
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
        return -1;
    if (access("/dev/shm", F_OK) == 0 &&
        mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
              SB_SHM_SIZE ",mode=1777") != 0)
        return -1;
    if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
              "hidepid=invisible") != 0)
        return -1;
    /* the socket files of the host's services (D-Bus...) are out of reach */
    if (access("/run", F_OK) == 0 && !(sb->dir && sb_under(sb->dir, "/run")) &&
        mount("tmpfs", "/run", "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV |
              MS_NOEXEC, "size=4k,mode=0555") != 0)
        return -1;
    for (i = 0; i < sb_nhide; i++)
        if (sb_cover(sb, sb_hide[i]) != 0)
            return -1;
    return 0;
}

int
ll__sandbox_ns_probe(void)
{
    ll_sandbox none;
    memset(&none, 0, sizeof none);
    if (geteuid() != 0)
        return -1;
    return ll__sandbox_ns_enter(&none);
}

/* {=================== landlock ===================} */

#ifdef SYS_landlock_create_ruleset
static void
sb_ll_rule(int rs, const char *path, uint64_t access)
{
    struct landlock_path_beneath_attr pb;
    struct stat st;
    int fd = open(path, O_PATH | O_CLOEXEC);
    if (fd < 0)
        return;
    if (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode))
        access &= LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE |
                  LANDLOCK_ACCESS_FS_READ_FILE | (1ULL << 14);
    pb.allowed_access = access;
    pb.parent_fd = fd;
    (void)syscall(SYS_landlock_add_rule, rs, LANDLOCK_RULE_PATH_BENEATH, &pb, 0);
    close(fd);
}

/* Reads: what Python and the programs a lesson runs need, and the harness
 * copy. Not /usr as a whole: /usr/local/share/looplab (make install) and
 * /usr/share hold courses. Writes: the attempt's work folder (and
 * /dev/null, the private /dev/shm for multiprocessing). The Lua worker
 * (dir == NULL) gets no file access at all. */
int
ll__sandbox_landlock(const ll_sandbox *sb)
{
    static const char *const ro[] = {
        "/usr/bin", "/usr/sbin", "/usr/lib", "/usr/lib64", "/usr/lib32",
        "/usr/libexec", "/usr/local/bin", "/usr/local/lib",
        "/usr/share/zoneinfo", "/lib", "/lib64", "/lib32", "/bin", "/sbin",
        "/etc", "/proc", "/dev" };
    int abi = ll__sandbox_landlock_abi(), rs, rc;
    uint64_t all = (1ULL << 13) - 1, rd;
    struct landlock_ruleset_attr attr;
    size_t i;

    if (abi >= 2)
        all |= 1ULL << 13;             /* REFER */
    if (abi >= 3)
        all |= 1ULL << 14;             /* TRUNCATE */
    rd = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE |
         LANDLOCK_ACCESS_FS_READ_DIR;
    memset(&attr, 0, sizeof attr);
    attr.handled_access_fs = all;
    rs = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0);
    if (rs < 0)
        return -1;
    if (sb->dir != NULL) {
        char path[4096];
        for (i = 0; i < LL_COUNTOF(ro); i++)
            sb_ll_rule(rs, ro[i], rd);
        sb_ll_rule(rs, "/dev/null", rd | LANDLOCK_ACCESS_FS_WRITE_FILE);
        sb_ll_rule(rs, "/dev/shm", all);
        snprintf(path, sizeof path, "%s/harness", sb->dir);
        sb_ll_rule(rs, path, rd);
        snprintf(path, sizeof path, "%s/work", sb->dir);
        sb_ll_rule(rs, path, all);
    }
    rc = (int)syscall(SYS_landlock_restrict_self, rs, 0);
    close(rs);
    return rc;
}

int
ll__sandbox_landlock_abi(void)
{
    long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, 1UL);
    return abi > 0 ? (int)abi : 0;
}
#else
int
ll__sandbox_landlock(const ll_sandbox *sb)
{
    (void)sb;
    errno = ENOSYS;
    return -1;
}

int
ll__sandbox_landlock_abi(void)
{
    return 0;
}
#endif

/* {=================== what a uid leaves ===================} */

/* SysV objects of uid, from /proc/sysvipc/{shm,msg,sem}: each line's id
 * and owner uid. rm: remove them (IPC_RMID). Returns how many. */
static int
sb_sysv(uid_t uid, bool rm)
{
    static const char *const kinds[] = { "shm", "msg", "sem" };
    int n = 0;
    size_t k;

    for (k = 0; k < LL_COUNTOF(kinds); k++) {
        char path[64], line[512];
        FILE *f;
        snprintf(path, sizeof path, "/proc/sysvipc/%s", kinds[k]);
        f = fopen(path, "re");
        if (f == NULL)
            continue;
        if (fgets(line, sizeof line, f) == NULL) {   /* the header */
            fclose(f);
            continue;
        }
        while (fgets(line, sizeof line, f) != NULL) {
            /* the kernel's columns: shm "key shmid perms size cpid lpid
             * nattch uid", msg "key msqid perms cbytes qnum lspid lrpid
             * uid", sem "key semid perms nsems uid" */
            int col = k == 2 ? 4 : 7, got = 0;
            long v[8];
            char *p = line, *end;
            while (got <= col) {
                v[got] = strtol(p, &end, 10);
                if (end == p)
                    break;
                got++;
                p = end;
            }
            if (got <= col || (uid_t)v[col] != uid)
                continue;
            n++;
            if (rm && k == 0)
                (void)shmctl((int)v[1], IPC_RMID, NULL);
            else if (rm && k == 1)
                (void)msgctl((int)v[1], IPC_RMID, NULL);
            else if (rm)
                (void)semctl((int)v[1], 0, IPC_RMID);
        }
        fclose(f);
    }
    return n;
}

/* Files of uid at the top of the host's /dev/shm (where a submission
 * without a private one writes). rm: unlink them. */
static int
sb_shm_files(uid_t uid, bool rm)
{
    DIR *d = opendir("/dev/shm");
    struct dirent *e;
    int n = 0;
    if (d == NULL)
        return 0;
    while ((e = readdir(d)) != NULL) {
        struct stat st;
        if (e->d_name[0] == '.' &&
            (e->d_name[1] == '\0' || strcmp(e->d_name, "..") == 0))
            continue;
        if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
            st.st_uid != uid)
            continue;
        n++;
        if (rm)
            (void)unlinkat(dirfd(d), e->d_name, S_ISDIR(st.st_mode)
                           ? AT_REMOVEDIR : 0);
    }
    closedir(d);
    return n;
}

static bool
sb_uid_has_procs(uid_t uid)
{
    DIR *d = opendir("/proc");
    struct dirent *e;
    bool any = false;
    if (d == NULL)
        return false;
    while (!any && (e = readdir(d)) != NULL) {
        struct stat st;
        if (e->d_name[0] < '0' || e->d_name[0] > '9')
            continue;
        any = fstatat(dirfd(d), e->d_name, &st, 0) == 0 && st.st_uid == uid;
    }
    closedir(d);
    return any;
}

bool
ll__sandbox_uid_residue(uid_t uid)
{
    return sb_uid_has_procs(uid) || sb_shm_files(uid, false) > 0 ||
           sb_sysv(uid, false) > 0;
}

void
ll__sandbox_uid_scrub(uid_t uid)
{
    (void)sb_shm_files(uid, true);
    (void)sb_sysv(uid, true);
}
