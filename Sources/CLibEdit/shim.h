#ifndef KILO_LIBEDIT_SHIM_H
#define KILO_LIBEDIT_SHIM_H
// libedit's readline compatibility layer. Swift 6 rejects its mutable C globals as not
// concurrency-safe, so every global the shell touches is read or written through a small
// static inline function below.
#include <stdio.h>
#include <stdlib.h>
#include <editline/readline.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static inline void kilo_rl_set_readline_name(const char *name) { rl_readline_name = name; }
static inline void kilo_rl_set_completion_function(rl_completion_func_t *fn) {
    rl_attempted_completion_function = fn;
}
static inline void kilo_rl_set_attempted_completion_over(int value) {
    rl_attempted_completion_over = value;
}
static inline void kilo_rl_set_completion_append_character(int value) {
    rl_completion_append_character = value;
}
static inline void kilo_rl_set_word_break_characters(char *chars) {
    rl_completer_word_break_characters = chars;
    rl_basic_word_break_characters = chars;
}
static inline void kilo_rl_set_catch_signals(int value) { rl_catch_signals = value; }
static inline void kilo_rl_set_instream(FILE *stream) { rl_instream = stream; }
static inline void kilo_rl_set_outstream(FILE *stream) { rl_outstream = stream; }
static inline const char *kilo_rl_line_buffer(void) { return rl_line_buffer; }
static inline int kilo_rl_point(void) { return rl_point; }
static inline void kilo_rl_set_history_max(int count) { stifle_history(count); }


/// Unblocks `signal` in the calling thread: a parent may start kilo with it blocked (a blocked
/// mask is inherited across exec; Foundation's Process under a test runner does this), and a
/// handler for a blocked signal never runs.
static inline void kilo_unblock_signal(int signal) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, signal);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

/// Installs `handler` for SIGINT without SA_RESTART, so a blocking read at the prompt returns
/// (EINTR) and the shell can clear the line instead of waiting for Enter.
static inline int kilo_install_sigint(void (*handler)(int)) {
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    kilo_unblock_signal(SIGINT);
    return sigaction(SIGINT, &action, NULL);
}

/// Installs `handler` for SIGTERM (a service manager's stop), so a trading loop can finish its
/// iteration and stop cleanly.
static inline int kilo_install_sigterm(void (*handler)(int)) {
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    kilo_unblock_signal(SIGTERM);
    return sigaction(SIGTERM, &action, NULL);
}

/// Whether standard input is a terminal.
static inline int kilo_stdin_is_tty(void) { return isatty(STDIN_FILENO); }

/// Whether standard error is a terminal (progress bars are drawn only there).
static inline int kilo_stderr_is_tty(void) { return isatty(STDERR_FILENO); }

#endif
