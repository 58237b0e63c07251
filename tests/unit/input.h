/*
 * input.h - feeding readers from descriptors in unit tests: a temporary
 * file, or a socket whose every read() returns at most `chunk` bytes, so
 * that every split point of an input is exercised deterministically.
 * Shared by test_csv.c and test_jsonl.c; static functions, include once.
 */
#ifndef NICHE_TEST_INPUT_H
#define NICHE_TEST_INPUT_H

#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* A child writes data into a SEQPACKET socket `chunk` bytes per packet;
 * *rfd gets the reading end. Reap the child with reap(). */
static pid_t spawn_writer(const char *data, size_t len, size_t chunk, int *rfd)
{
    int sv[2];
    pid_t pid;

    assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
    pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        size_t off = 0;

        close(sv[0]);
        while (off < len) {
            size_t n = len - off < chunk ? len - off : chunk;
            ssize_t w = send(sv[1], data + off, n, MSG_NOSIGNAL);

            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                _exit(1);
            off += (size_t)w;
        }
        _exit(0);
    }
    close(sv[1]);
    *rfd = sv[0];
    return pid;
}

static void reap(pid_t pid)
{
    int status = 0;

    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* A temporary file holding data, open at offset 0; path gets its name. */
static int temp_file(const char *data, size_t len, char *path, size_t pathlen)
{
    const char *dir = getenv("NICHE_TEST_TMP");
    size_t off = 0;
    int fd;

    if (!dir || !*dir)
        dir = "/tmp";
    mkdir(dir, 0777);   /* may exist already */
    snprintf(path, pathlen, "%s/niche_input.XXXXXX", dir);
    fd = mkstemp(path);
    if (fd < 0) {
        snprintf(path, pathlen, "/tmp/niche_input.XXXXXX");
        fd = mkstemp(path);
    }
    assert_true(fd >= 0);
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);

        assert_true(w > 0);
        off += (size_t)w;
    }
    assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
    return fd;
}

#endif
