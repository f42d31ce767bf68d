/* SPDX-License-Identifier: MIT
 * grader/sandbox.c -- capability probe, attempt dirs, child confinement and
 * whole-tree teardown. See sandbox.h for the levels, docs/sandbox.md for
 * the model.
 *
 * Why the teardown scans /proc instead of trusting the process group: a
 * submission can setsid() a daemon that escapes kill(-pgid) and holds our
 * pipes open (tests/adversarial/python/background_procs.py). We are the daemon's subreaper, and
 * as root every process of the dedicated uid is the submission's.
 */
#include "sandbox_int.h"
#include "check.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SB_MAX_FILES   64
#define SB_MAX_FILE    (1u << 20)
#define SB_MAX_SUBMIT  LL_CHECK_MAX_SUBMIT
#define SB_NPROC       64
#define SB_UID_BASE    60000
#define SB_UID_COUNT   5000
/* Root-only: the lock files that make a dedicated uid one grader's. */
#define SB_UID_LOCKS   "/run/looplab/uids"

/* {=================== probe ===================} */

/* Run fn in a forked child; true when it exits 0 within 2 s. */
static bool
sb_try(int (*fn)(void))
{
    int64_t end = ll_mono_ns() + 2000000000LL;
    int status;
    pid_t pid = fork();
    if (pid < 0)
        return false;
    if (pid == 0)
        _exit(fn() == 0 ? 0 : 1);
    for (;;) {
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid)
            return WIFEXITED(status) && WEXITSTATUS(status) == 0;
        if (w < 0 && errno != EINTR)
            return false;
        if (ll_mono_ns() > end) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            return false;
        }
        usleep(1000);
    }
}

static int
sb_probe_seccomp(void)
{
    int fd;
    if (ll__sandbox_seccomp_load(false) != 0)
        return 1;
    fd = socket(AF_INET, SOCK_STREAM, 0);
    return fd < 0 && errno == EACCES ? 0 : 1;
}

static int
sb_probe_ns(void)
{
    return ll__sandbox_ns_probe();
}

static int
sb_probe_userns(void)
{
    return unshare(CLONE_NEWUSER);
}

static int
sb_probe_subreaper(void)
{
    return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
}

static int
sb_probe_bwrap(void)
{
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
        dup2(null, 1);
        dup2(null, 2);
    }
    execl("/usr/bin/bwrap", "bwrap", "--unshare-all", "--die-with-parent",
          "--ro-bind", "/usr", "/usr", "/usr/bin/true", (char *)NULL);
    return 1;
}

static ll_sandbox_caps sb_caps;
static bool sb_probed;

const ll_sandbox_caps *
ll_sandbox_probe(void)
{
    if (sb_probed)
        return &sb_caps;
    sb_probed = true;
    fflush(NULL);
    sb_caps.root = geteuid() == 0;
    sb_caps.seccomp = sb_try(sb_probe_seccomp);
    sb_caps.userns = sb_try(sb_probe_userns);
    sb_caps.subreaper = sb_try(sb_probe_subreaper);
    sb_caps.bwrap = access("/usr/bin/bwrap", X_OK) == 0 && sb_try(sb_probe_bwrap);
    sb_caps.ns = sb_caps.root && sb_try(sb_probe_ns);
    sb_caps.landlock_abi = ll__sandbox_landlock_abi();
    sb_caps.cgroup = sb_caps.root && access("/sys/fs/cgroup", W_OK) == 0;
    sb_caps.level = sb_caps.seccomp && sb_caps.ns ? "L3"
                  : sb_caps.seccomp ? "L2" : "L1";
    return &sb_caps;
}

const char *
ll_sandbox_level(void)
{
    const char *force = getenv("LOOPLAB_SANDBOX");
    const ll_sandbox_caps *c = ll_sandbox_probe();
    if (force != NULL && strcmp(force, "L1") == 0)
        return "L1";
    if (force != NULL && strcmp(force, "L2") == 0 && strcmp(c->level, "L3") == 0)
        return "L2";
    return c->level;
}

void
ll_sandbox_describe(ll_buf *b)
{
    const ll_sandbox_caps *c = ll_sandbox_probe();
    const char *lv = ll_sandbox_level();
    bool l2 = strcmp(lv, "L2") == 0, l3 = strcmp(lv, "L3") == 0;
    ll_buf_printf(b, "level %s (%s%s%s)\n", lv, l3
                  ? "strong: rlimits, own session and uid, whole-tree kill, "
                    "no_new_privs, seccomp allow-list, private mount/IPC/"
                    "network namespaces (own /dev/shm, /proc hides other "
                    "processes, course and gradebook hidden)"
                  : l2 ? "partial: rlimits, own session, whole-tree kill, "
                         "no_new_privs, seccomp allow-list"
                  : "minimal: rlimits, own session, whole-tree kill, "
                    "output caps, wall limit",
                  (l2 || l3) && c->landlock_abi ? ", Landlock (writes only in "
                  "the attempt folder, reads only system folders)" : "",
                  "");
    if (c->root && getenv("LOOPLAB_SANDBOX_UID"))
        ll_buf_printf(b, "runs as root: submissions drop to uid %u "
                      "(LOOPLAB_SANDBOX_UID)\n",
                      (unsigned)atoi(getenv("LOOPLAB_SANDBOX_UID")));
    else if (c->root)
        ll_buf_printf(b, "runs as root: each submission drops to a free uid "
                      "of %u-%u (locked in %s)\n", SB_UID_BASE,
                      SB_UID_BASE + SB_UID_COUNT - 1, SB_UID_LOCKS);
    else
        ll_buf_printf(b, "runs as uid %u: submissions share it (RLIMIT_NPROC "
                      "set relative to its process count)\n",
                      (unsigned)getuid());
    ll_buf_printf(b, "seccomp %s, subreaper %s, namespaces %s, user "
                  "namespaces %s, bwrap %s, landlock ABI %d, cgroups %s\n",
                  c->seccomp ? "yes" : "no", c->subreaper ? "yes" : "no",
                  c->ns ? "yes (root)" : "no", c->userns ? "yes" : "no",
                  c->bwrap ? "yes (unused)" : "no",
                  c->landlock_abi, c->cgroup ? "writable (unused)" : "no");
}

/* {=================== attempt dir ===================} */

/* What a folder entry is, for messages ("a symlink", "a FIFO"...). */
static const char *
sb_kind(mode_t m)
{
    return S_ISLNK(m) ? "a symlink" : S_ISFIFO(m) ? "a FIFO"
         : S_ISCHR(m) || S_ISBLK(m) ? "a device" : S_ISSOCK(m) ? "a socket"
         : S_ISDIR(m) ? "a folder" : "a regular file";
}

/* Copy srcdir/name into dstdir. Only a regular file owned by owner
 * ((uid_t)-1: anyone) and at most max bytes: opened O_NOFOLLOW (a symlink
 * to another student's file or to /etc/shadow is not read as root) and
 * O_NONBLOCK (a FIFO cannot hang us before any limit applies). 0 copied,
 * 1 skipped (*why says why), -1 on an error (errno). */
static int
sb_copy_file(int srcdir, const char *name, int dstdir, uid_t uid, gid_t gid,
             bool chown_it, mode_t mode, size_t max, uid_t owner,
             const char **why)
{
    char buf[65536];
    struct stat st;
    int in, out, rc = 0;
    size_t total = 0;

    *why = NULL;
    in = openat(srcdir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
                O_CLOEXEC);
    if (in < 0 && (errno == ELOOP || errno == ENXIO)) {
        *why = errno == ELOOP ? "a symlink" : "a socket";
        return 1;
    }
    if (in < 0)
        return -1;
    if (fstat(in, &st) != 0 || !S_ISREG(st.st_mode) ||
        (owner != (uid_t)-1 && st.st_uid != owner) ||
        (size_t)st.st_size > max) {
        *why = !S_ISREG(st.st_mode) ? sb_kind(st.st_mode)
             : (size_t)st.st_size > max ? "too big"
             : "owned by someone else than its folder";
        close(in);
        return 1;                      /* skipped */
    }
    out = openat(dstdir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
                 O_CLOEXEC, mode);
    if (out < 0) {
        close(in);
        return -1;
    }
    for (;;) {
        ssize_t n = read(in, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            rc = n < 0 ? -1 : 0;
            break;
        }
        total += (size_t)n;
        if (total > max || write(out, buf, (size_t)n) != n) {
            rc = -1;
            break;
        }
    }
    if (rc == 0 && chown_it && fchown(out, uid, gid) != 0)
        rc = -1;
    close(in);
    close(out);
    return rc;
}

int
ll_sandbox_check_submission(const char *file, const char **why)
{
    char *dir = ll_strdup(file), *slash;
    const char *name;
    struct stat dst, st;
    int dfd = -1, fd, rc = LL_OK;

    *why = NULL;
    if (dir == NULL)
        return LL_ENOMEM;
    slash = strrchr(dir, '/');
    name = slash ? slash + 1 : dir;
    if (slash == dir)
        dir[1] = '\0';
    else if (slash != NULL)
        *slash = '\0';
    if (slash == dir)
        name = file + 1;
    dfd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0 || fstat(dfd, &dst) != 0) {
        rc = errno == ENOENT || errno == ENOTDIR ? LL_ENOENT : LL_EIO;
        goto out;
    }
    fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
                O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR) {
            rc = LL_ENOENT;
            goto out;
        }
        if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            st.st_mode = S_IFSOCK;
        *why = sb_kind(st.st_mode);
        rc = LL_EINVAL;
        goto out;
    }
    if (fstat(fd, &st) != 0)
        rc = LL_EIO;
    else if (!S_ISREG(st.st_mode)) {
        *why = sb_kind(st.st_mode);
        rc = LL_EINVAL;
    } else if (st.st_uid != dst.st_uid) {
        *why = "owned by someone else than its folder";
        rc = LL_EINVAL;
    }
    close(fd);
out:
    if (dfd >= 0)
        close(dfd);
    ll_free(dir);
    return rc;
}

int
ll_sandbox_read_submission(const char *file, size_t max, char **out,
                           size_t *len, const char **why)
{
    char *dir = ll_strdup(file), *slash;
    const char *name;
    struct stat dst, st;
    int dfd, rc;

    *out = NULL;
    *why = NULL;
    if (dir == NULL)
        return LL_ENOMEM;
    slash = strrchr(dir, '/');
    name = slash ? slash + 1 : dir;
    if (slash == dir)
        dir[1] = '\0';
    else if (slash != NULL)
        *slash = '\0';
    dfd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0 || fstat(dfd, &dst) != 0) {
        rc = errno == ENOENT || errno == ENOTDIR ? LL_ENOENT : LL_EIO;
        goto out;
    }
    if (slash == dir)
        name = file + 1;
    rc = ll_read_untrusted(dfd, name, max, out, len, &st);
    if (rc == LL_EINVAL) {
        if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            st.st_mode = S_IFSOCK;
        *why = sb_kind(st.st_mode);
    } else if (rc == LL_ELIMIT) {
        *why = "too big";
        rc = LL_EINVAL;
    } else if (rc == LL_OK && st.st_uid != dst.st_uid) {
        *why = "owned by someone else than its folder";
        ll_free(*out);
        *out = NULL;
        rc = LL_EINVAL;
    }
out:
    if (dfd >= 0)
        close(dfd);
    ll_free(dir);
    return rc;
}

/* Copy the regular, non-hidden files of src into dst (not recursive). */
static int
sb_copy_dir(const char *src, int dstdir, uid_t uid, gid_t gid, bool chown_it,
            mode_t mode, const char *suffix, const char *skip)
{
    DIR *d = opendir(src);
    struct dirent *e;
    struct stat dst;
    int n = 0, srcfd;
    if (d == NULL)
        return -1;
    srcfd = dirfd(d);
    if (fstat(srcfd, &dst) != 0) {
        closedir(d);
        return -1;
    }
    while ((e = readdir(d)) != NULL && n < SB_MAX_FILES) {
        size_t len = strlen(e->d_name);
        const char *why;
        if (e->d_name[0] == '.' || (skip && strcmp(e->d_name, skip) == 0))
            continue;
        if (suffix && (len < strlen(suffix) ||
                       strcmp(e->d_name + len - strlen(suffix), suffix) != 0))
            continue;
        if (strcmp(e->d_name, "checks.lua") == 0)
            continue;
        if (sb_copy_file(srcfd, e->d_name, dstdir, uid, gid, chown_it, mode,
                         SB_MAX_FILE, dst.st_uid, &why) == 0)
            n++;
    }
    closedir(d);
    return n;
}

static int sb_count_uid_procs(uid_t uid);

/* A private root-owned folder (mode 0700, no symlink): nobody else may
 * plant or remove our lock files. */
static bool
sb_lockdir_ok(const char *dir)
{
    struct stat st;
    char *parent = ll_strdup(dir), *slash;
    if (parent && (slash = strrchr(parent, '/')) != NULL && slash != parent) {
        *slash = '\0';
        (void)mkdir(parent, 0755);
    }
    ll_free(parent);
    (void)mkdir(dir, 0700);
    return lstat(dir, &st) == 0 && S_ISDIR(st.st_mode)
        && st.st_uid == geteuid() && (st.st_mode & 077) == 0;
}

int
ll__sandbox_pick_uid(const char *lockdir, uid_t base, unsigned count,
                     uid_t *uid, int *lockfd)
{
    unsigned i;

    *lockfd = -1;
    if (!sb_lockdir_ok(lockdir))
        return LL_EIO;
    for (i = 0; i < count; i++) {
        uid_t u = base + i;
        char path[512];
        int fd;
        snprintf(path, sizeof path, "%s/%u.lock", lockdir, (unsigned)u);
        fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0)
            return LL_EIO;
        /* flock belongs to this open file: a second sandbox of the same
         * process is refused too, and the lock dies with its holder. */
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            close(fd);
            continue;
        }
        /* anything left by a grader that crashed (a process, a /dev/shm
         * file, a SysV object) keeps the uid busy: the next student run
         * as it would see or inherit it */
        if (ll__sandbox_uid_residue(u)) {
            close(fd);
            continue;
        }
        *uid = u;
        *lockfd = fd;
        return LL_OK;
    }
    return LL_EBUSY;
}

static void
sb_pick_uid(ll_sandbox *sb)
{
    const char *env = getenv("LOOPLAB_SANDBOX_UID");
    long u = env && *env ? strtol(env, NULL, 10) : 0;
    uid_t got;
    int fd;

    if (u <= 0 || u > 2000000000L) {
        /* Never pid % N alone: two graders (or two test runs) can meet on
         * one uid, and the teardown of one kills the other's submission. */
        if (ll__sandbox_pick_uid(SB_UID_LOCKS, SB_UID_BASE, SB_UID_COUNT,
                                 &got, &fd) == LL_OK) {
            u = (long)got;
            sb->uid_fd = fd;
            sb->uid_locked = true;
        } else {
            u = SB_UID_BASE + getpid() % SB_UID_COUNT;   /* no /run: as before */
        }
    }
    sb->uid = (uid_t)u;
    sb->gid = (gid_t)u;
}

static int
sb_mkdir_at(int parent, const char *name, mode_t mode)
{
    int fd;
    if (mkdirat(parent, name, mode) != 0)
        return -1;
    fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0)
        fchmod(fd, mode);             /* past the umask */
    return fd;
}

/* Every folder on the way to path lets others through (o+x). */
static bool
sb_traversable(const char *path)
{
    char *p = ll_strdup(path), *slash;
    bool ok = p != NULL && *p == '/';
    while (ok && *p) {
        struct stat st;
        if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode) || !(st.st_mode & S_IXOTH))
            ok = false;
        slash = strrchr(p, '/');
        if (slash == NULL || slash == p)
            break;
        *slash = '\0';
    }
    ll_free(p);
    return ok;
}

int
ll_sandbox_prepare(ll_sandbox *sb, const char *file, const char *harness_dir,
                   char **err)
{
    const char *tmp = getenv("TMPDIR");
    char *srcdir = NULL, *base, *slash;
    int dirfd_ = -1, work = -1, hfd = -1, lfd = -1, rc = LL_OK, c;
    const char *name;

    memset(sb, 0, sizeof *sb);
    sb->pid = -1;
    sb->drop = geteuid() == 0;
    sb->ns = strcmp(ll_sandbox_level(), "L3") == 0;
    sb->seccomp = sb->ns || strcmp(ll_sandbox_level(), "L2") == 0;
    sb->landlock = sb->seccomp && ll_sandbox_probe()->landlock_abi > 0;
    if (sb->drop)
        sb_pick_uid(sb);
    if (ll_sandbox_probe()->subreaper)
        prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    if (harness_dir == NULL) {
        sb->file = ll_strdup(file);
        return sb->file ? LL_OK : LL_ENOMEM;
    }
    /* the dedicated uid must be able to reach the attempt folder */
    if (tmp == NULL || *tmp == '\0' || (sb->drop && !sb_traversable(tmp)))
        tmp = "/tmp";
    base = ll_asprintf("%s/looplab-run-XXXXXX", tmp);
    if (base == NULL || mkdtemp(base) == NULL) {
        *err = ll_asprintf("cannot create an attempt folder under %s: %s",
                           tmp && *tmp ? tmp : "/tmp", strerror(errno));
        ll_free(base);
        return LL_EIO;
    }
    sb->dir = base;
    dirfd_ = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirfd_ < 0 || fchmod(dirfd_, 0711) != 0)
        goto io;
    work = sb_mkdir_at(dirfd_, "work", 0700);
    hfd = sb_mkdir_at(dirfd_, "harness", 0755);
    if (work < 0 || hfd < 0)
        goto io;
    lfd = sb_mkdir_at(hfd, "looplab", 0755);
    if (lfd < 0 || (sb->drop && fchown(work, sb->uid, sb->gid) != 0))
        goto io;
    /* the harness: read-only for the sandbox */
    if (sb_copy_dir(harness_dir, hfd, 0, 0, false, 0644, ".py", NULL) <= 0)
        goto io;
    {
        char *sub = ll_asprintf("%s/looplab", harness_dir);
        c = sub ? sb_copy_dir(sub, lfd, 0, 0, false, 0644, ".py", NULL) : -1;
        ll_free(sub);
        if (c <= 0)
            goto io;
    }
    /* the submission first (it must be there), then its neighbours */
    srcdir = ll_strdup(file);
    if (srcdir == NULL)
        goto nomem;
    slash = strrchr(srcdir, '/');
    name = slash ? slash + 1 : srcdir;
    {
        struct stat dst;
        const char *why = NULL;
        int sfd;
        if (slash == srcdir)
            sfd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        else if (slash) {
            *slash = '\0';
            sfd = open(srcdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        } else
            sfd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        c = sfd < 0 || fstat(sfd, &dst) != 0 ? -1
          : sb_copy_file(sfd, name, work, sb->uid, sb->gid, sb->drop, 0644,
                         SB_MAX_SUBMIT, dst.st_uid, &why);
        if (sfd >= 0)
            close(sfd);
        if (c != 0) {
            *err = ll_asprintf("cannot copy %s into the attempt folder (%s)",
                               file, c > 0 ? why : strerror(errno));
            rc = LL_EIO;
            goto out;
        }
        if (slash != NULL)
            (void)sb_copy_dir(slash == srcdir ? "/" : srcdir, work, sb->uid,
                              sb->gid, sb->drop, 0644, NULL, name);
    }
    sb->file = ll_asprintf("%s/work/%s", base, name);
    sb->harness = ll_asprintf("%s/harness/looplab_harness.py", base);
    if (sb->file == NULL || sb->harness == NULL)
        goto nomem;
    goto out;
io:
    *err = ll_asprintf("cannot prepare the attempt folder %s: %s", base,
                       strerror(errno));
    rc = LL_EIO;
    goto out;
nomem:
    rc = LL_ENOMEM;
out:
    ll_free(srcdir);
    if (lfd >= 0) close(lfd);
    if (hfd >= 0) close(hfd);
    if (work >= 0) close(work);
    if (dirfd_ >= 0) close(dirfd_);
    if (rc != LL_OK)
        ll_sandbox_cleanup(sb);
    return rc;
}

/* {=================== child ===================} */

static int
sb_count_uid_procs(uid_t uid)
{
    DIR *d = opendir("/proc");
    struct dirent *e;
    int n = 0;
    if (d == NULL)
        return 0;
    while ((e = readdir(d)) != NULL) {
        struct stat st;
        char path[300];
        if (e->d_name[0] < '0' || e->d_name[0] > '9')
            continue;
        snprintf(path, sizeof path, "/proc/%s", e->d_name);
        if (stat(path, &st) == 0 && st.st_uid == uid)
            n++;
    }
    closedir(d);
    return n;
}

static void
sb_limit(int res, rlim_t soft, rlim_t hard)
{
    struct rlimit rl = { soft, hard };
    setrlimit(res, &rl);
}

int
ll_sandbox_enter(const ll_sandbox *sb, const ll_sandbox_limits *lim,
                 pid_t parent)
{
    rlim_t cpu = (rlim_t)lim->timeout_s + 1;
    long fd, maxfd;

    if (setsid() < 0)
        return LL_EIO;
    sb_limit(RLIMIT_CPU, cpu, cpu + 1);
    if (lim->as_limit)
        sb_limit(RLIMIT_AS, lim->as_bytes ? lim->as_bytes : 2048UL << 20,
                 lim->as_bytes ? lim->as_bytes : 2048UL << 20);
    sb_limit(RLIMIT_FSIZE, 16UL << 20, 16UL << 20);
    sb_limit(RLIMIT_CORE, 0, 0);
    sb_limit(RLIMIT_NOFILE, 256, 256);
    /* RLIMIT_NPROC counts every process of the real uid, and is ignored for
     * root: exact with a dedicated uid, relative to what we run otherwise. */
    if (sb->drop)
        sb_limit(RLIMIT_NPROC, SB_NPROC, SB_NPROC);
    else if (getuid() != 0) {
        rlim_t n = (rlim_t)sb_count_uid_procs(getuid()) + SB_NPROC;
        sb_limit(RLIMIT_NPROC, n, n);
    }
    if (setpriority(PRIO_PROCESS, 0, 10) != 0) {
        /* best effort: a niced grader still works */
    }
    maxfd = sysconf(_SC_OPEN_MAX);
    if (maxfd < 0 || maxfd > 65536)
        maxfd = 65536;
#ifdef SYS_close_range
    if (syscall(SYS_close_range, 4U, ~0U, 0U) != 0)
#endif
        for (fd = 4; fd < maxfd; fd++)
            close((int)fd);
    /* as root still: mounts need it */
    if (sb->ns && ll__sandbox_ns_enter(sb) != 0)
        return LL_EIO;
    if (sb->drop) {
        if (setgroups(0, NULL) != 0 ||
            setresgid(sb->gid, sb->gid, sb->gid) != 0 ||
            setresuid(sb->uid, sb->uid, sb->uid) != 0)
            return LL_EIO;
        if (getuid() == 0 || geteuid() == 0)
            return LL_EIO;
    }
    /* After the uid change: changing credentials clears the death signal. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0 || getppid() != parent)
        return LL_EIO;
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        return LL_EIO;
    if (sb->landlock && ll__sandbox_landlock(sb) != 0)
        return LL_EIO;
    if (sb->seccomp && ll__sandbox_seccomp_load(sb->ns) != 0)
        return LL_EIO;
    return LL_OK;
}

/* {=================== interruption ===================} */

static volatile sig_atomic_t sb_signal;

static void
sb_on_signal(int sig)
{
    sb_signal = sig;
}

void
ll_sandbox_catch_signals(void)
{
    static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
    struct sigaction sa, old;
    size_t i;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = sb_on_signal;      /* no SA_RESTART: waits see EINTR */
    sigemptyset(&sa.sa_mask);
    for (i = 0; i < LL_COUNTOF(sigs); i++) {
        if (sigs[i] == SIGHUP && sigaction(SIGHUP, NULL, &old) == 0 &&
            old.sa_handler == SIG_IGN)
            continue;                  /* nohup asked us to outlive a hangup */
        sigaction(sigs[i], &sa, NULL);
    }
}

int
ll_sandbox_interrupted(void)
{
    return (int)sb_signal;
}

/* {=================== teardown ===================} */

typedef struct sb_proc {
    pid_t pid, ppid, pgrp, sid;
    char state;
    uid_t uid;
} sb_proc;

static bool
sb_read_proc(const char *name, sb_proc *p)
{
    char path[300], buf[1024], *rp;
    struct stat st;
    int fd;
    ssize_t n;

    snprintf(path, sizeof path, "/proc/%s/stat", name);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    n = read(fd, buf, sizeof buf - 1);
    if (fstat(fd, &st) != 0)
        st.st_uid = (uid_t)-1;
    close(fd);
    if (n <= 0)
        return false;
    buf[n] = '\0';
    rp = strrchr(buf, ')');
    if (rp == NULL ||
        sscanf(rp + 1, " %c %d %d %d", &p->state, &p->ppid, &p->pgrp,
               &p->sid) != 4)
        return false;
    p->pid = (pid_t)atoi(name);
    p->uid = st.st_uid;
    return true;
}

/* The real owner: /proc/PID/stat is owned by the effective uid. */
static bool
sb_is_ours(const ll_sandbox *sb, const sb_proc *p)
{
    if (p->pid == getpid() || p->pid <= 1)
        return false;
    if (sb->drop && p->uid == sb->uid)
        return true;
    if (sb->pid > 0 && (p->sid == sb->pid || p->pgrp == sb->pid))
        return true;
    /* an orphan we adopted as subreaper (a setsid daemon, non-root) */
    return !sb->drop && p->ppid == getpid();
}

static void
sb_kill_uid(uid_t uid)
{
    pid_t h = fork();
    int st;
    if (h == 0) {
        if (setresgid(uid, uid, uid) == 0 && setresuid(uid, uid, uid) == 0)
            kill(-1, SIGKILL);
        _exit(0);
    }
    if (h > 0)
        while (waitpid(h, &st, 0) < 0 && errno == EINTR)
            ;
}

void
ll_sandbox_reap(ll_sandbox *sb)
{
    int round, alive = 0;

    if (sb->pid > 0)
        kill(-sb->pid, SIGKILL);
    for (round = 0; round < 200; round++) {
        DIR *d = opendir("/proc");
        struct dirent *e;
        int live = 0;
        if (d == NULL)
            break;
        while ((e = readdir(d)) != NULL) {
            sb_proc p;
            if (e->d_name[0] < '0' || e->d_name[0] > '9' ||
                !sb_read_proc(e->d_name, &p) || !sb_is_ours(sb, &p))
                continue;
            if (p.state == 'Z' || p.state == 'X') {
                if (p.ppid == getpid())
                    waitpid(p.pid, NULL, WNOHANG);
                continue;
            }
            kill(p.pid, SIGKILL);
            live++;
        }
        closedir(d);
        if (round == 0)
            alive = live;
        if (sb->drop)
            sb_kill_uid(sb->uid);   /* also catches a fork racing the scan */
        if (live == 0)
            break;
        {
            struct timespec ts = { 0, 2000000 };
            nanosleep(&ts, NULL);
        }
    }
    /* zombies of ours are reaped by pid in the scan above: never
     * waitpid(-1), which could steal a child someone else waits for */
    sb->leftover = alive;
    /* what a run without private namespaces left in the host's /dev/shm
     * and SysV IPC (with them, it died with the namespaces) */
    if (sb->drop)
        ll__sandbox_uid_scrub(sb->uid);
}

static void
sb_rmtree(int dfd)
{
    DIR *d = fdopendir(dfd);
    struct dirent *e;
    if (d == NULL) {
        close(dfd);
        return;
    }
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (unlinkat(dirfd(d), e->d_name, 0) != 0 && (errno == EISDIR || errno == EPERM)) {
            int sub = openat(dirfd(d), e->d_name,
                             O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (sub >= 0)
                sb_rmtree(sub);
            unlinkat(dirfd(d), e->d_name, AT_REMOVEDIR);
        }
    }
    closedir(d);
}

void
ll_sandbox_cleanup(ll_sandbox *sb)
{
    if (sb->dir != NULL) {
        int fd = open(sb->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd >= 0)
            sb_rmtree(fd);
        rmdir(sb->dir);
    }
    ll_free(sb->dir);
    ll_free(sb->file);
    ll_free(sb->harness);
    sb->dir = sb->file = sb->harness = NULL;
    /* after the reap: nothing of ours runs as the uid any more */
    if (sb->uid_locked)
        close(sb->uid_fd);
    sb->uid_locked = false;
}
