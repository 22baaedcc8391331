#ifndef SMARTGATE_CSYSTEMLINUX_SHIM_H
#define SMARTGATE_CSYSTEMLINUX_SHIM_H
// Linux calls Swift's Glibc module does not expose: epoll, eventfd, accept4.
// epoll_event is packed on x86_64 and naturally aligned elsewhere; the accessors below let C
// decide the layout so Swift never has to.
#include <stdint.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

// A GNU extension; glibc declares it only under _GNU_SOURCE, which the Glibc module is built without.
extern int accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags);

static inline int csys_accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags) {
    return accept4(fd, addr, len, flags);
}

static inline int csys_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

static inline int csys_eventfd_nonblocking(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

static inline int csys_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t token) {
    struct epoll_event event = {0};
    event.events = events;
    event.data.u64 = token;
    return epoll_ctl(epfd, op, fd, &event);
}

static inline struct epoll_event *csys_epoll_events_allocate(int count) {
    return (struct epoll_event *)calloc((size_t)count, sizeof(struct epoll_event));
}

static inline void csys_epoll_events_free(struct epoll_event *events) { free(events); }

static inline int csys_epoll_wait(int epfd, struct epoll_event *events, int max, int timeout) {
    return epoll_wait(epfd, events, max, timeout);
}

static inline uint32_t csys_epoll_event_flags(const struct epoll_event *events, int index) {
    return events[index].events;
}

static inline uint64_t csys_epoll_event_token(const struct epoll_event *events, int index) {
    return events[index].data.u64;
}

static const uint32_t csys_EPOLLIN = EPOLLIN;
static const uint32_t csys_EPOLLOUT = EPOLLOUT;
static const uint32_t csys_EPOLLERR = EPOLLERR;
static const uint32_t csys_EPOLLHUP = EPOLLHUP;
static const uint32_t csys_EPOLLRDHUP = EPOLLRDHUP;
static const uint32_t csys_EPOLLEXCLUSIVE = EPOLLEXCLUSIVE;
static const uint32_t csys_EPOLLET = EPOLLET;
#endif
