/*
 * srtp_fanout: the SFU's forwarding fan-out in native code (server/sfu/forwarding/nativeAddon.ts, FanoutBatch.ts).
 *
 * One call per incoming RTP packet writes, encrypts and sends every viewer's copy: for each row the
 * caller staged (a route, and the sequence number, timestamp and rollover counter werift's books
 * gave that viewer), the RTP header is written from the route's template (SSRC, payload type, the
 * header-extension block), the payload is encrypted with AES-128 in counter mode and authenticated
 * with HMAC-SHA1-80 (SRTP's AES_CM_128_HMAC_SHA1_80, RFC 3711 sections 4.1.1 and 4.2), and the
 * datagrams go to the kernel with sendmmsg(2), one call per run of rows on the same socket.
 *
 * The cryptography is OpenSSL's EVP interface through the symbols of the Node binary that loads
 * this addon (its own OpenSSL): nothing here implements AES or SHA-1. Nothing here keeps per-packet
 * state either: sequence numbers, timestamps and rollover counters come from the caller, so werift's
 * books stay the only ones and either path (this, the JavaScript fast path, werift's own sender)
 * can send the next packet.
 *
 * Nothing a caller passes can crash the process: lengths and ids are checked, rows that name no
 * live route are skipped and reported, and datagrams the kernel refuses (a full socket buffer:
 * EAGAIN, ENOBUFS) are counted, not fatal. Sockets are dup()ed when opened, so a route never sends
 * on a descriptor number that the event loop has closed and the process reused for something else.
 *
 * State is per Node environment (napi_set_instance_data), so worker threads each get their own.
 */
#define NAPI_VERSION 8
#define _GNU_SOURCE
#include <node_api.h>
#include <openssl/evp.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#define AUTH_TAG_BYTES 10
#define ROC_BYTES 4
#define RTP_HEADER_BYTES 12
/* RFC 8285: a one- or two-byte header-extension block; the SFU's are a few words. */
#define MAX_EXTENSION_BYTES 64
/* The largest datagram written: header, payload, padding and tag. The caller sends bigger ones its own way. */
#define MAX_DATAGRAM_BYTES 2048
/* Datagrams encrypted before they are handed to the kernel together. */
#define BATCH 64
/* A row: route id, sequence number, timestamp, rollover counter, and the status written back. */
#define ROW_INTS 5
#define MAX_ROUTES 65535
/*
 * The copy table (fanoutStream): one row of COPY_FIELDS doubles per viewer's copy of a stream, in a
 * Float64Array that JavaScript owns and reads (server/sfu/forwarding/CopyTable.ts installs accessors
 * on werift's sender and SRTP state that read and write these fields, so werift's own code sees the
 * books this file keeps). Doubles hold every 32-bit value exactly and counters past 2^32.
 */
enum CopyField {
  COPY_ROUTE = 0,          /* the route id rows are sent on; 0: not armed, JavaScript sends this copy */
  COPY_HAS_SEQ = 1,        /* werift's sequenceNumber/timestamp are set */
  COPY_PENDING = 2,        /* werift's rtpContinuityPending: the next packet comes from a new source */
  COPY_STEP = 3,           /* werift's pendingTimestampStep */
  COPY_SEQ_OFFSET = 4,
  COPY_TS_OFFSET = 5,
  COPY_SEQ = 6,            /* the last sequence number sent */
  COPY_TS = 7,             /* the last timestamp sent */
  COPY_ROC = 8,            /* werift's SRTP state for the SSRC: rolloverCounter */
  COPY_ROC_LAST = 9,       /* lastSequenceNumber */
  COPY_ROC_DONE = 10,      /* rolloverHasProcessed */
  COPY_NTP_HI = 11,        /* ntpTimestamp of the last packet, seconds */
  COPY_NTP_LO = 12,        /* and fraction */
  COPY_RTP_TS = 13,        /* rtpTimestamp for the sender report */
  COPY_OCTETS = 14,        /* octetCount: payload bytes */
  COPY_PACKETS = 15,       /* packetCount, modulo 2^32 */
  COPY_HEADER_BYTES = 16,  /* headerBytesSent */
  COPY_WIRE_BYTES = 17,    /* datagram bytes for the transport's counters, not yet added to them */
  COPY_WIRE_PACKETS = 18,
  COPY_SENT = 19,          /* datagrams this copy handed to the kernel through fanoutStream */
  COPY_METER_BYTES = 20,   /* for the room's per-subscription meter, taken every stats tick */
  COPY_METER_PACKETS = 21,
  COPY_FIELDS = 24,
};
/* Per copy, the last HISTORY_SIZE packets sent: sequence number (-1: none), timestamp, rollover counter, stream id, packet index. */
#define HISTORY_SIZE 128
#define HISTORY_INTS 5
/* werift's updateRolloverCount (RFC 3711 3.3.1 as werift implements it). */
#define MAX_ROC_DISORDER 100
#define MAX_SEQUENCE_NUMBER 65535

enum RowStatus {
  STATUS_SENT = 0,
  /* The row names no live route (released, or its socket closed). */
  STATUS_NO_ROUTE = 1,
  /* Header, payload and tag would not fit MAX_DATAGRAM_BYTES. */
  STATUS_TOO_BIG = 2,
  /* The kernel had no room (EAGAIN, EWOULDBLOCK, ENOBUFS): dropped, as a full link would drop it. */
  STATUS_BUSY = 3,
  /* Any other refusal (EPERM from a firewall, EHOSTUNREACH...). */
  STATUS_REFUSED = 4,
  STATUS_CRYPTO_FAILED = 5,
  /* fanoutStream: the copy is not armed (no route); JavaScript sends it its own way. */
  STATUS_UNARMED = 6,
};

typedef struct Session {
  int refs;
  int released;
  EVP_CIPHER_CTX *aes;
  /* SHA-1 states after the key's inner and outer pad blocks (RFC 2104): the same for every packet. */
  EVP_MD_CTX *inner;
  EVP_MD_CTX *outer;
  uint8_t salt[14];
} Session;

typedef struct Sock {
  int refs;
  int released;
  int fd;
  int family;
} Sock;

typedef struct Route {
  int32_t id;
  Session *session;
  Sock *sock;
  struct sockaddr_storage addr;
  socklen_t addr_len;
  uint32_t ssrc;
  uint8_t payload_type;
  uint8_t extension_len;
  uint8_t extension[MAX_EXTENSION_BYTES];
} Route;

typedef struct Env {
  Route **routes;
  uint16_t *generations;
  uint32_t capacity;
  uint32_t next_free;
  napi_ref rows_ref;
  int32_t *rows;
  size_t row_count;
  EVP_MD_CTX *work;
  uint8_t (*slots)[MAX_DATAGRAM_BYTES + ROC_BYTES];
  struct mmsghdr messages[BATCH];
  struct iovec vectors[BATCH];
  int fds[BATCH];
  int32_t *statuses[BATCH];
  double sent, no_route, too_big, busy, refused, crypto_failed, syscalls;
  /* The copy tables (setCopyTables): werift's books per viewer's copy, shared with JavaScript. */
  napi_ref table_ref, history_ref, statuses_ref;
  double *table;
  int32_t *history;
  int32_t *copy_statuses;
  size_t copy_count;
} Env;

/* ---------------------------------------------------------------------------------------------- */
/* N-API helpers                                                                                  */

#define CHECK(env, call)                                   \
  do {                                                     \
    if ((call) != napi_ok) {                               \
      throw_last(env);                                     \
      return NULL;                                         \
    }                                                      \
  } while (0)

static void throw_last(napi_env env) {
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (pending) return;
  const napi_extended_error_info *info = NULL;
  napi_get_last_error_info(env, &info);
  napi_throw_error(env, "ERR_SRTP_FANOUT", info && info->error_message ? info->error_message : "N-API call failed");
}

static napi_value fail_range(napi_env env, const char *message) {
  napi_throw_range_error(env, "ERR_SRTP_FANOUT_RANGE", message);
  return NULL;
}

static napi_value fail_type(napi_env env, const char *message) {
  napi_throw_type_error(env, "ERR_SRTP_FANOUT_TYPE", message);
  return NULL;
}

static int get_args(napi_env env, napi_callback_info info, size_t wanted, napi_value *argv) {
  size_t argc = wanted;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return 0;
  for (size_t i = argc; i < wanted; i++) napi_get_undefined(env, &argv[i]);
  return 1;
}

/* A Buffer (or any TypedArray/DataView view) of exactly `length` bytes, or -1. */
static int get_bytes(napi_env env, napi_value value, const uint8_t **data, size_t *length) {
  bool is_buffer = false;
  if (napi_is_buffer(env, value, &is_buffer) == napi_ok && is_buffer) {
    void *raw = NULL;
    if (napi_get_buffer_info(env, value, &raw, length) != napi_ok) return 0;
    *data = raw;
    return 1;
  }
  bool is_typed = false;
  if (napi_is_typedarray(env, value, &is_typed) == napi_ok && is_typed) {
    napi_typedarray_type type;
    size_t count = 0, offset = 0;
    void *raw = NULL;
    napi_value array_buffer;
    if (napi_get_typedarray_info(env, value, &type, &count, &raw, &array_buffer, &offset) != napi_ok) return 0;
    if (type != napi_uint8_array && type != napi_uint8_clamped_array && type != napi_int8_array) return 0;
    *data = raw;
    *length = count;
    return 1;
  }
  return 0;
}

static int get_int(napi_env env, napi_value value, int64_t min, int64_t max, int64_t *out) {
  napi_valuetype type;
  if (napi_typeof(env, value, &type) != napi_ok || type != napi_number) return 0;
  double number = 0;
  if (napi_get_value_double(env, value, &number) != napi_ok) return 0;
  if (!(number >= (double)min && number <= (double)max) || number != (double)(int64_t)number) return 0;
  *out = (int64_t)number;
  return 1;
}

static Env *get_env(napi_env env) {
  Env *state = NULL;
  if (napi_get_instance_data(env, (void **)&state) != napi_ok) return NULL;
  return state;
}

/* ---------------------------------------------------------------------------------------------- */
/* Sessions: one per SRTP context (one direction of one DTLS transport)                          */

static void session_unref(Session *session) {
  if (!session || --session->refs > 0) return;
  EVP_CIPHER_CTX_free(session->aes);
  EVP_MD_CTX_free(session->inner);
  EVP_MD_CTX_free(session->outer);
  free(session);
}

static void finalize_session(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  Session *session = data;
  session->released = 1;
  session_unref(session);
}

static Session *session_new(const uint8_t *key, const uint8_t *salt, const uint8_t *auth_key) {
  Session *session = calloc(1, sizeof(Session));
  if (!session) return NULL;
  session->refs = 1;
  memcpy(session->salt, salt, 14);
  session->aes = EVP_CIPHER_CTX_new();
  session->inner = EVP_MD_CTX_new();
  session->outer = EVP_MD_CTX_new();
  uint8_t inner_pad[64], outer_pad[64];
  for (int i = 0; i < 64; i++) {
    uint8_t k = i < 20 ? auth_key[i] : 0;
    inner_pad[i] = k ^ 0x36;
    outer_pad[i] = k ^ 0x5c;
  }
  int ok = session->aes && session->inner && session->outer &&
           EVP_EncryptInit_ex(session->aes, EVP_aes_128_ctr(), NULL, key, NULL) == 1 &&
           EVP_DigestInit_ex(session->inner, EVP_sha1(), NULL) == 1 &&
           EVP_DigestUpdate(session->inner, inner_pad, 64) == 1 &&
           EVP_DigestInit_ex(session->outer, EVP_sha1(), NULL) == 1 &&
           EVP_DigestUpdate(session->outer, outer_pad, 64) == 1;
  if (!ok) {
    session->refs = 0;
    EVP_CIPHER_CTX_free(session->aes);
    EVP_MD_CTX_free(session->inner);
    EVP_MD_CTX_free(session->outer);
    free(session);
    return NULL;
  }
  return session;
}

/* createSession(encryptionKey: 16 bytes, salt: 14 bytes, authKey: 20 bytes): External */
static napi_value create_session(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  if (!get_args(env, info, 3, argv)) return fail_type(env, "createSession(key, salt, authKey)");
  const uint8_t *key, *salt, *auth;
  size_t key_len, salt_len, auth_len;
  if (!get_bytes(env, argv[0], &key, &key_len) || !get_bytes(env, argv[1], &salt, &salt_len) || !get_bytes(env, argv[2], &auth, &auth_len)) {
    return fail_type(env, "createSession takes three byte arrays");
  }
  if (key_len != 16 || salt_len != 14 || auth_len != 20) {
    return fail_range(env, "AES_CM_128_HMAC_SHA1_80 needs a 16-byte key, a 14-byte salt and a 20-byte authentication key");
  }
  Session *session = session_new(key, salt, auth);
  if (!session) {
    napi_throw_error(env, "ERR_SRTP_FANOUT_CRYPTO", "OpenSSL could not set up AES-128-CTR and SHA-1");
    return NULL;
  }
  napi_value external;
  if (napi_create_external(env, session, finalize_session, NULL, &external) != napi_ok) {
    session_unref(session);
    throw_last(env);
    return NULL;
  }
  return external;
}

/* ---------------------------------------------------------------------------------------------- */
/* Sockets: a dup() of the event loop's UDP socket                                               */

static void sock_close_fd(Sock *sock) {
  if (sock->fd >= 0) {
    close(sock->fd);
    sock->fd = -1;
  }
}

static void sock_unref(Sock *sock) {
  if (!sock || --sock->refs > 0) return;
  sock_close_fd(sock);
  free(sock);
}

static void finalize_sock(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  Sock *sock = data;
  sock->released = 1;
  sock_close_fd(sock);
  sock_unref(sock);
}

/* openSocket(fd): External. The descriptor must be a UDP socket (IPv4 or IPv6); it is duplicated. */
static napi_value open_socket(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  int64_t fd;
  if (!get_args(env, info, 1, argv) || !get_int(env, argv[0], 0, INT32_MAX, &fd)) return fail_type(env, "openSocket(fd: a non-negative integer)");
  int type = 0;
  socklen_t type_len = sizeof type;
  if (getsockopt((int)fd, SOL_SOCKET, SO_TYPE, &type, &type_len) != 0 || type != SOCK_DGRAM) {
    return fail_type(env, "openSocket: the descriptor is not a datagram socket");
  }
  struct sockaddr_storage local;
  socklen_t local_len = sizeof local;
  if (getsockname((int)fd, (struct sockaddr *)&local, &local_len) != 0 || (local.ss_family != AF_INET && local.ss_family != AF_INET6)) {
    return fail_type(env, "openSocket: the descriptor is not an IPv4 or IPv6 socket");
  }
  int copy = fcntl((int)fd, F_DUPFD_CLOEXEC, 0);
  if (copy < 0) {
    napi_throw_error(env, "ERR_SRTP_FANOUT_DUP", strerror(errno));
    return NULL;
  }
  Sock *sock = calloc(1, sizeof(Sock));
  if (!sock) {
    close(copy);
    napi_throw_error(env, "ERR_SRTP_FANOUT_MEMORY", "out of memory");
    return NULL;
  }
  sock->refs = 1;
  sock->fd = copy;
  sock->family = local.ss_family;
  napi_value external;
  if (napi_create_external(env, sock, finalize_sock, NULL, &external) != napi_ok) {
    sock_unref(sock);
    throw_last(env);
    return NULL;
  }
  return external;
}

/* closeSocket(socket): closes the duplicate now; routes on it skip their rows from then on. Idempotent. */
static napi_value close_socket(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  void *data = NULL;
  if (!get_args(env, info, 1, argv) || napi_get_value_external(env, argv[0], &data) != napi_ok || !data) {
    return fail_type(env, "closeSocket(socket)");
  }
  sock_close_fd((Sock *)data);
  return NULL;
}

/* ---------------------------------------------------------------------------------------------- */
/* Routes: one per werift sender (a viewer's track): session, socket, destination, header template */

static void route_free(Route *route) {
  session_unref(route->session);
  sock_unref(route->sock);
  free(route);
}

static Route *route_lookup(Env *state, int32_t id) {
  if (id <= 0) return NULL;
  uint32_t index = ((uint32_t)id & 0xffff) - 1;
  if (index >= state->capacity) return NULL;
  Route *route = state->routes[index];
  return route && route->id == id ? route : NULL;
}

static int route_store(Env *state, Route *route) {
  uint32_t index = state->capacity;
  for (uint32_t i = 0; i < state->capacity; i++) {
    uint32_t candidate = (state->next_free + i) % state->capacity;
    if (!state->routes[candidate]) {
      index = candidate;
      break;
    }
  }
  if (index == state->capacity) {
    if (state->capacity >= MAX_ROUTES) return 0;
    uint32_t capacity = state->capacity ? state->capacity * 2 : 256;
    if (capacity > MAX_ROUTES) capacity = MAX_ROUTES;
    Route **routes = realloc(state->routes, capacity * sizeof(Route *));
    if (!routes) return 0;
    state->routes = routes;
    uint16_t *generations = realloc(state->generations, capacity * sizeof(uint16_t));
    if (!generations) return 0;
    state->generations = generations;
    for (uint32_t i = state->capacity; i < capacity; i++) {
      routes[i] = NULL;
      generations[i] = 0;
    }
    state->capacity = capacity;
  }
  /* id: slot + 1 in the low 16 bits, a generation above, so a released id never names a new route. */
  state->generations[index] = (uint16_t)((state->generations[index] + 1) & 0x7fff);
  if (state->generations[index] == 0) state->generations[index] = 1;
  route->id = (int32_t)(((uint32_t)state->generations[index] << 16) | (index + 1));
  state->routes[index] = route;
  state->next_free = (index + 1) % state->capacity;
  return 1;
}

static int parse_address(const char *host, int port, int family, struct sockaddr_storage *addr, socklen_t *addr_len) {
  memset(addr, 0, sizeof *addr);
  if (family == AF_INET) {
    struct sockaddr_in *in4 = (struct sockaddr_in *)addr;
    if (inet_pton(AF_INET, host, &in4->sin_addr) != 1) return 0;
    in4->sin_family = AF_INET;
    in4->sin_port = htons((uint16_t)port);
    *addr_len = sizeof *in4;
    return 1;
  }
  struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)addr;
  in6->sin6_family = AF_INET6;
  in6->sin6_port = htons((uint16_t)port);
  *addr_len = sizeof *in6;
  if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) return 1;
  /* An IPv4 destination on a dual-stack socket. */
  struct in_addr v4;
  if (inet_pton(AF_INET, host, &v4) != 1) return 0;
  in6->sin6_addr.s6_addr[10] = 0xff;
  in6->sin6_addr.s6_addr[11] = 0xff;
  memcpy(&in6->sin6_addr.s6_addr[12], &v4, 4);
  return 1;
}

/*
 * createRoute(session, socket, host, port, ssrc, payloadType, extension: Buffer | null): number
 * `extension` is the header-extension block written after the SSRC (profile, length and elements,
 * a multiple of four bytes), or null for none.
 */
static napi_value create_route(napi_env env, napi_callback_info info) {
  Env *state = get_env(env);
  if (!state) return fail_type(env, "srtp_fanout: no instance data");
  napi_value argv[7];
  if (!get_args(env, info, 7, argv)) return fail_type(env, "createRoute(session, socket, host, port, ssrc, payloadType, extension)");
  void *session_data = NULL, *sock_data = NULL;
  napi_valuetype type;
  if (napi_typeof(env, argv[0], &type) != napi_ok || type != napi_external || napi_get_value_external(env, argv[0], &session_data) != napi_ok ||
      napi_typeof(env, argv[1], &type) != napi_ok || type != napi_external || napi_get_value_external(env, argv[1], &sock_data) != napi_ok ||
      !session_data || !sock_data) {
    return fail_type(env, "createRoute: session and socket must come from createSession and openSocket");
  }
  Session *session = session_data;
  Sock *sock = sock_data;
  if (session->released || sock->released || sock->fd < 0) return fail_type(env, "createRoute: the session or socket is closed");
  char host[64];
  size_t host_len = 0;
  if (napi_typeof(env, argv[2], &type) != napi_ok || type != napi_string ||
      napi_get_value_string_utf8(env, argv[2], host, sizeof host, &host_len) != napi_ok || host_len >= sizeof host - 1) {
    return fail_type(env, "createRoute: host must be an IP address");
  }
  int64_t port, ssrc, payload_type;
  if (!get_int(env, argv[3], 1, 65535, &port)) return fail_range(env, "createRoute: port must be 1-65535");
  if (!get_int(env, argv[4], 0, 0xffffffffLL, &ssrc)) return fail_range(env, "createRoute: ssrc must be a 32-bit unsigned integer");
  if (!get_int(env, argv[5], 0, 127, &payload_type)) return fail_range(env, "createRoute: payloadType must be 0-127");
  const uint8_t *extension = NULL;
  size_t extension_len = 0;
  if (napi_typeof(env, argv[6], &type) != napi_ok) return fail_type(env, "createRoute: extension");
  if (type != napi_null && type != napi_undefined) {
    if (!get_bytes(env, argv[6], &extension, &extension_len)) return fail_type(env, "createRoute: extension must be bytes or null");
    if (extension_len < 4 || extension_len > MAX_EXTENSION_BYTES || extension_len % 4 != 0 ||
        (((size_t)extension[2] << 8) | extension[3]) * 4 + 4 != extension_len) {
      return fail_range(env, "createRoute: extension must be a whole RTP header-extension block of at most 64 bytes");
    }
  }
  Route *route = calloc(1, sizeof(Route));
  if (!route) {
    napi_throw_error(env, "ERR_SRTP_FANOUT_MEMORY", "out of memory");
    return NULL;
  }
  if (!parse_address(host, (int)port, sock->family, &route->addr, &route->addr_len)) {
    free(route);
    return fail_type(env, "createRoute: host is not an IP address of the socket's family");
  }
  route->ssrc = (uint32_t)ssrc;
  route->payload_type = (uint8_t)payload_type;
  route->extension_len = (uint8_t)extension_len;
  if (extension_len) memcpy(route->extension, extension, extension_len);
  route->session = session;
  route->sock = sock;
  if (!route_store(state, route)) {
    free(route);
    napi_throw_error(env, "ERR_SRTP_FANOUT_ROUTES", "too many routes");
    return NULL;
  }
  session->refs++;
  sock->refs++;
  napi_value id;
  CHECK(env, napi_create_int32(env, route->id, &id));
  return id;
}

/* releaseRoute(id): forgets the route; rows naming it are skipped. Unknown ids are ignored. */
static napi_value release_route(napi_env env, napi_callback_info info) {
  Env *state = get_env(env);
  napi_value argv[1];
  int64_t id;
  if (!state || !get_args(env, info, 1, argv) || !get_int(env, argv[0], INT32_MIN, INT32_MAX, &id)) return fail_type(env, "releaseRoute(id)");
  Route *route = route_lookup(state, (int32_t)id);
  if (route) {
    state->routes[((uint32_t)route->id & 0xffff) - 1] = NULL;
    route_free(route);
  }
  return NULL;
}

/* ---------------------------------------------------------------------------------------------- */
/* The fan-out                                                                                    */

/* setRows(rows: Int32Array): the staging area fanout() reads; kept alive until replaced. */
static napi_value set_rows(napi_env env, napi_callback_info info) {
  Env *state = get_env(env);
  napi_value argv[1];
  bool is_typed = false;
  if (!state || !get_args(env, info, 1, argv) || napi_is_typedarray(env, argv[0], &is_typed) != napi_ok || !is_typed) {
    return fail_type(env, "setRows(rows: Int32Array)");
  }
  napi_typedarray_type type;
  size_t count = 0, offset = 0;
  void *data = NULL;
  napi_value array_buffer;
  CHECK(env, napi_get_typedarray_info(env, argv[0], &type, &count, &data, &array_buffer, &offset));
  if (type != napi_int32_array) return fail_type(env, "setRows(rows: Int32Array)");
  if (state->rows_ref) napi_delete_reference(env, state->rows_ref);
  state->rows_ref = NULL;
  CHECK(env, napi_create_reference(env, argv[0], 1, &state->rows_ref));
  state->rows = data;
  state->row_count = count / ROW_INTS;
  return NULL;
}

static void write_u16(uint8_t *at, uint32_t value) {
  at[0] = (uint8_t)(value >> 8);
  at[1] = (uint8_t)value;
}

static void write_u32(uint8_t *at, uint32_t value) {
  at[0] = (uint8_t)(value >> 24);
  at[1] = (uint8_t)(value >> 16);
  at[2] = (uint8_t)(value >> 8);
  at[3] = (uint8_t)value;
}

/*
 * Writes one SRTP packet into `out`; returns its length, or 0 when the crypto failed.
 * `body` is the payload, `padding` RTP padding bytes to append (0 for none).
 */
static size_t protect(Env *state, const Route *route, uint8_t *out, uint32_t sequence, uint32_t timestamp, uint32_t rollover, const uint8_t *body, size_t body_len,
                      int padding, int marker) {
  Session *session = route->session;
  size_t header_len = RTP_HEADER_BYTES + route->extension_len;
  sequence &= 0xffff;
  out[0] = 0x80 | (padding ? 0x20 : 0) | (route->extension_len ? 0x10 : 0);
  out[1] = (uint8_t)((marker ? 0x80 : 0) | route->payload_type);
  write_u16(out + 2, sequence);
  write_u32(out + 4, timestamp);
  write_u32(out + 8, route->ssrc);
  if (route->extension_len) memcpy(out + RTP_HEADER_BYTES, route->extension, route->extension_len);

  /* RFC 3711 4.1.1: IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16), i = ROC * 2^16 + SEQ. */
  uint8_t iv[16] = {0};
  write_u32(iv + 4, route->ssrc);
  write_u32(iv + 8, rollover);
  write_u16(iv + 12, sequence);
  for (int i = 0; i < 14; i++) iv[i] ^= session->salt[i];
  uint8_t *payload = out + header_len;
  int written = 0;
  if (EVP_EncryptInit_ex(session->aes, NULL, NULL, NULL, iv) != 1) return 0;
  if (body_len > 0 && (EVP_EncryptUpdate(session->aes, payload, &written, body, (int)body_len) != 1 || (size_t)written != body_len)) return 0;
  if (padding) {
    uint8_t pad[256] = {0};
    pad[padding - 1] = (uint8_t)padding;
    if (EVP_EncryptUpdate(session->aes, payload + body_len, &written, pad, padding) != 1 || written != padding) return 0;
  }
  size_t end = header_len + body_len + (size_t)padding;

  /* RFC 3711 4.2: HMAC-SHA1(k_a, header || encrypted payload || ROC), first 80 bits. */
  write_u32(out + end, rollover);
  uint8_t digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  EVP_MD_CTX *work = state->work;
  if (EVP_MD_CTX_copy_ex(work, session->inner) != 1 || EVP_DigestUpdate(work, out, end + ROC_BYTES) != 1 ||
      EVP_DigestFinal_ex(work, digest, &digest_len) != 1 || digest_len != 20) {
    return 0;
  }
  if (EVP_MD_CTX_copy_ex(work, session->outer) != 1 || EVP_DigestUpdate(work, digest, 20) != 1 ||
      EVP_DigestFinal_ex(work, digest, &digest_len) != 1 || digest_len != 20) {
    return 0;
  }
  memcpy(out + end, digest, AUTH_TAG_BYTES);
  return end + AUTH_TAG_BYTES;
}

static int is_busy(int error) { return error == EAGAIN || error == EWOULDBLOCK || error == ENOBUFS; }

/* Hands prepared datagrams [0, count) to the kernel, one sendmmsg per run on the same socket. */
static void send_prepared(Env *state, int count) {
  int first = 0;
  while (first < count) {
    int end = first + 1;
    while (end < count && state->fds[end] == state->fds[first]) end++;
    int at = first;
    int interrupted = 0;
    while (at < end) {
      state->syscalls++;
      int sent = sendmmsg(state->fds[first], &state->messages[at], (unsigned int)(end - at), MSG_DONTWAIT);
      if (sent < 0) {
        if (errno == EINTR && interrupted++ < 3) continue;
        /* The first datagram of the run was refused; the rest are tried again. */
        int busy = is_busy(errno);
        *state->statuses[at] = busy ? STATUS_BUSY : STATUS_REFUSED;
        if (busy) state->busy++;
        else state->refused++;
        at++;
        continue;
      }
      if (sent == 0) {
        *state->statuses[at] = STATUS_REFUSED;
        state->refused++;
        at++;
        continue;
      }
      for (int i = at; i < at + sent; i++) *state->statuses[i] = STATUS_SENT;
      state->sent += sent;
      at += sent;
    }
    first = end;
  }
}

/*
 * Writes and encrypts one datagram for `route` into the next free slot, and sends the slots when
 * they are all full; returns how many are prepared and not yet sent. The row's status goes to *status.
 */
static int queue_datagram(Env *state, Route *route, uint32_t sequence, uint32_t timestamp, uint32_t rollover, int32_t *status, const uint8_t *body,
                          size_t body_len, int padding, int marker, int prepared) {
  if (!route || route->sock->fd < 0 || route->session->released) {
    *status = STATUS_NO_ROUTE;
    state->no_route++;
    return prepared;
  }
  size_t total = RTP_HEADER_BYTES + route->extension_len + body_len + (size_t)padding + AUTH_TAG_BYTES;
  if (body_len > MAX_DATAGRAM_BYTES || total > MAX_DATAGRAM_BYTES) {
    *status = STATUS_TOO_BIG;
    state->too_big++;
    return prepared;
  }
  uint8_t *out = state->slots[prepared];
  size_t length = protect(state, route, out, sequence, timestamp, rollover, body, body_len, padding, marker);
  if (length == 0) {
    *status = STATUS_CRYPTO_FAILED;
    state->crypto_failed++;
    return prepared;
  }
  state->vectors[prepared].iov_base = out;
  state->vectors[prepared].iov_len = length;
  struct msghdr *header = &state->messages[prepared].msg_hdr;
  memset(header, 0, sizeof *header);
  header->msg_name = &route->addr;
  header->msg_namelen = route->addr_len;
  header->msg_iov = &state->vectors[prepared];
  header->msg_iovlen = 1;
  state->fds[prepared] = route->sock->fd;
  state->statuses[prepared] = status;
  *status = STATUS_REFUSED;
  if (++prepared == BATCH) {
    send_prepared(state, prepared);
    prepared = 0;
  }
  return prepared;
}

/*
 * fanout(payload, paddingBytes, marker, rowCount): number of rows not sent.
 * For each of the first `rowCount` rows of the staging area: write, encrypt and send one datagram;
 * its status goes to the row's fifth int (RowStatus).
 */
static napi_value fanout(napi_env env, napi_callback_info info) {
  Env *state = get_env(env);
  napi_value argv[4];
  if (!state || !get_args(env, info, 4, argv)) return fail_type(env, "fanout(payload, paddingBytes, marker, rowCount)");
  const uint8_t *body;
  size_t body_len;
  int64_t padding, marker, count;
  if (!get_bytes(env, argv[0], &body, &body_len)) return fail_type(env, "fanout: payload must be bytes");
  if (!get_int(env, argv[1], 0, 255, &padding)) return fail_range(env, "fanout: paddingBytes must be 0-255");
  if (!get_int(env, argv[2], 0, 1, &marker)) return fail_range(env, "fanout: marker must be 0 or 1");
  if (!get_int(env, argv[3], 0, INT32_MAX, &count) || (size_t)count > state->row_count) return fail_range(env, "fanout: rowCount exceeds the staging area");
  int prepared = 0;
  for (int64_t r = 0; r < count; r++) {
    int32_t *row = state->rows + r * ROW_INTS;
    prepared = queue_datagram(state, route_lookup(state, row[0]), (uint32_t)row[1], (uint32_t)row[2], (uint32_t)row[3], &row[4], body, body_len,
                              (int)padding, (int)marker, prepared);
  }
  if (prepared) send_prepared(state, prepared);
  int not_sent = 0;
  for (int64_t r = 0; r < count; r++) not_sent += state->rows[r * ROW_INTS + 4] != STATUS_SENT;
  napi_value result;
  CHECK(env, napi_create_int32(env, not_sent, &result));
  return result;
}

/* ---------------------------------------------------------------------------------------------- */
/* The stream fan-out: one call per incoming packet, werift's books kept here per copy            */

static napi_value typed_array_of(napi_env env, napi_value value, napi_typedarray_type wanted, void **data, size_t *count) {
  bool is_typed = false;
  if (napi_is_typedarray(env, value, &is_typed) != napi_ok || !is_typed) return NULL;
  napi_typedarray_type type;
  size_t offset = 0;
  napi_value array_buffer;
  if (napi_get_typedarray_info(env, value, &type, count, data, &array_buffer, &offset) != napi_ok || type != wanted) return NULL;
  return value;
}

static void replace_ref(napi_env env, napi_ref *ref, napi_value value) {
  if (*ref) napi_delete_reference(env, *ref);
  *ref = NULL;
  napi_create_reference(env, value, 1, ref);
}

/*
 * setCopyTables(table: Float64Array, history: Int32Array, statuses: Int32Array): the copy table
 * (COPY_FIELDS doubles per copy), each copy's history of HISTORY_SIZE entries of HISTORY_INTS ints,
 * and where fanoutStream writes each row's status. Kept alive until replaced (the table grows by
 * replacement).
 */
static napi_value set_copy_tables(napi_env env, napi_callback_info info) {
  Env *state = get_env(env);
  napi_value argv[3];
  void *table = NULL, *history = NULL, *statuses = NULL;
  size_t table_len = 0, history_len = 0, statuses_len = 0;
  if (!state || !get_args(env, info, 3, argv) || !typed_array_of(env, argv[0], napi_float64_array, &table, &table_len) ||
      !typed_array_of(env, argv[1], napi_int32_array, &history, &history_len) || !typed_array_of(env, argv[2], napi_int32_array, &statuses, &statuses_len)) {
    return fail_type(env, "setCopyTables(table: Float64Array, history: Int32Array, statuses: Int32Array)");
  }
  size_t copies = table_len / COPY_FIELDS;
  if (table_len % COPY_FIELDS != 0 || history_len < copies * HISTORY_SIZE * HISTORY_INTS || statuses_len < copies) {
    return fail_range(env, "setCopyTables: the history and statuses must cover every copy of the table");
  }
  replace_ref(env, &state->table_ref, argv[0]);
  replace_ref(env, &state->history_ref, argv[1]);
  replace_ref(env, &state->statuses_ref, argv[2]);
  state->table = table;
  state->history = history;
  state->copy_statuses = statuses;
  state->copy_count = copies;
  return NULL;
}

static uint32_t u32(double value) { return (uint32_t)(int64_t)value; }

/*
 * fanoutStream(copies: Int32Array, count, payload, paddingBytes, marker, sequenceNumber, timestamp,
 *              ntpSeconds, ntpFraction, meterBytes, streamId, packetIndex): number of copies not sent.
 *
 * For each of the first `count` copy ids: what werift's RTCRtpSender.dispatchRtp does with its books
 * (continuity across a source change, the sequence number and timestamp rewrite, the SRTP rollover
 * counter as werift's updateRolloverCount keeps it, the sender-report counters), a history entry for
 * NACKs, and the datagram written, encrypted and sent. A copy with no route (not armed) is left
 * untouched and gets STATUS_UNARMED; statuses go to statuses[i].
 */
static napi_value fanout_stream(napi_env env, napi_callback_info info) {
  Env *state = get_env(env);
  napi_value argv[12];
  if (!state || !get_args(env, info, 12, argv)) return fail_type(env, "fanoutStream(copies, count, payload, ...)");
  int32_t *copies = NULL;
  size_t copies_len = 0;
  if (!typed_array_of(env, argv[0], napi_int32_array, (void **)&copies, &copies_len)) return fail_type(env, "fanoutStream: copies must be an Int32Array");
  if (!state->table) return fail_type(env, "fanoutStream: setCopyTables first");
  const uint8_t *body;
  size_t body_len;
  int64_t count, padding, marker, sequence, timestamp, ntp_hi, ntp_lo, meter_bytes, stream_id, packet_index;
  if (!get_int(env, argv[1], 0, INT32_MAX, &count) || (size_t)count > copies_len || (size_t)count > state->copy_count) {
    return fail_range(env, "fanoutStream: count exceeds the copies or the statuses");
  }
  if (!get_bytes(env, argv[2], &body, &body_len)) return fail_type(env, "fanoutStream: payload must be bytes");
  if (!get_int(env, argv[3], 0, 255, &padding) || !get_int(env, argv[4], 0, 1, &marker) || !get_int(env, argv[5], 0, 0xffff, &sequence) ||
      !get_int(env, argv[6], 0, 0xffffffffLL, &timestamp) || !get_int(env, argv[7], 0, 0xffffffffLL, &ntp_hi) ||
      !get_int(env, argv[8], 0, 0xffffffffLL, &ntp_lo) || !get_int(env, argv[9], 0, INT32_MAX, &meter_bytes) ||
      !get_int(env, argv[10], INT32_MIN, INT32_MAX, &stream_id) || !get_int(env, argv[11], INT32_MIN, INT32_MAX, &packet_index)) {
    return fail_range(env, "fanoutStream: a number is out of range");
  }
  int prepared = 0;
  for (int64_t i = 0; i < count; i++) {
    int32_t id = copies[i];
    int32_t *status = &state->copy_statuses[i];
    if (id < 0 || (size_t)id >= state->copy_count) {
      *status = STATUS_NO_ROUTE;
      state->no_route++;
      continue;
    }
    double *c = state->table + (size_t)id * COPY_FIELDS;
    Route *route = route_lookup(state, (int32_t)c[COPY_ROUTE]);
    if (!route) {
      *status = STATUS_UNARMED;
      continue;
    }
    /* werift's dispatchRtp: a new source continues the viewer's sequence numbers and timestamps. */
    if (c[COPY_PENDING] != 0) {
      if (c[COPY_HAS_SEQ] != 0) {
        c[COPY_SEQ_OFFSET] = (double)((u32(c[COPY_SEQ]) + 1 - (uint32_t)sequence) & 0xffff);
        c[COPY_TS_OFFSET] = (double)(uint32_t)(u32(c[COPY_TS]) + u32(c[COPY_STEP]) - (uint32_t)timestamp);
      }
      c[COPY_PENDING] = 0;
      c[COPY_STEP] = 1;
    }
    uint32_t out_sequence = ((uint32_t)sequence + u32(c[COPY_SEQ_OFFSET])) & 0xffff;
    uint32_t out_timestamp = (uint32_t)timestamp + u32(c[COPY_TS_OFFSET]);
    c[COPY_SEQ] = out_sequence;
    c[COPY_TS] = out_timestamp;
    c[COPY_HAS_SEQ] = 1;
    /* werift's SrtpContext.updateRolloverCount, on the same state (CopyTable.ts maps werift's object here). */
    uint32_t roc = u32(c[COPY_ROC]);
    uint32_t last = u32(c[COPY_ROC_LAST]);
    if (c[COPY_ROC_DONE] == 0) {
      c[COPY_ROC_DONE] = 1;
    } else if (out_sequence == 0) {
      if (last > MAX_ROC_DISORDER) roc++;
    } else if (last < MAX_ROC_DISORDER && out_sequence > MAX_SEQUENCE_NUMBER - MAX_ROC_DISORDER) {
      if (roc > 0) roc--;
    } else if (out_sequence < MAX_ROC_DISORDER && last > MAX_SEQUENCE_NUMBER - MAX_ROC_DISORDER) {
      roc++;
    }
    c[COPY_ROC] = roc;
    c[COPY_ROC_LAST] = out_sequence;
    /* The sender report's counters and the transport's, as dispatchRtp and the ICE pair count them. */
    size_t header_len = RTP_HEADER_BYTES + route->extension_len;
    c[COPY_NTP_HI] = (double)ntp_hi;
    c[COPY_NTP_LO] = (double)ntp_lo;
    c[COPY_RTP_TS] = out_timestamp;
    c[COPY_OCTETS] += (double)body_len;
    c[COPY_HEADER_BYTES] += (double)header_len;
    c[COPY_PACKETS] = (double)(uint32_t)(u32(c[COPY_PACKETS]) + 1);
    c[COPY_WIRE_BYTES] += (double)(header_len + body_len + (size_t)padding + AUTH_TAG_BYTES);
    c[COPY_WIRE_PACKETS] += 1;
    c[COPY_METER_BYTES] += (double)meter_bytes;
    c[COPY_METER_PACKETS] += 1;
    int32_t *entry = state->history + ((size_t)id * HISTORY_SIZE + (out_sequence & (HISTORY_SIZE - 1))) * HISTORY_INTS;
    entry[0] = (int32_t)out_sequence;
    entry[1] = (int32_t)out_timestamp;
    entry[2] = (int32_t)roc;
    entry[3] = (int32_t)stream_id;
    entry[4] = (int32_t)packet_index;
    prepared = queue_datagram(state, route, out_sequence, out_timestamp, roc, status, body, body_len, (int)padding, (int)marker, prepared);
  }
  if (prepared) send_prepared(state, prepared);
  int not_sent = 0;
  for (int64_t i = 0; i < count; i++) {
    if (state->copy_statuses[i] == STATUS_SENT) state->table[(size_t)copies[i] * COPY_FIELDS + COPY_SENT] += 1;
    else not_sent++;
  }
  napi_value result;
  CHECK(env, napi_create_int32(env, not_sent, &result));
  return result;
}

/*
 * sendRtcp(routeId, session, compound, srtcpIndex): a RowStatus. SRTCP (RFC 3711 section 3.4) for a
 * compound RTCP packet the caller wrote (the fast path's sender reports, SenderReports.ts), sent on
 * the route's socket to its destination: everything after the first eight bytes encrypted with
 * AES-CM (IV from the first packet's SSRC and the 31-bit SRTCP index, as werift's encryptRTCP
 * builds it), then the E flag and index, then HMAC-SHA1-80 over all of it. `session` holds the
 * SRTCP session keys (createSession with werift's srtcpSessionKey, salt and authentication key).
 */
static napi_value send_rtcp(napi_env env, napi_callback_info info) {
  Env *state = get_env(env);
  napi_value argv[4];
  if (!state || !get_args(env, info, 4, argv)) return fail_type(env, "sendRtcp(routeId, session, compound, srtcpIndex)");
  int64_t route_id, index;
  void *session_data = NULL;
  napi_valuetype type;
  const uint8_t *plain;
  size_t plain_len;
  if (!get_int(env, argv[0], INT32_MIN, INT32_MAX, &route_id)) return fail_type(env, "sendRtcp: routeId must be an integer");
  if (napi_typeof(env, argv[1], &type) != napi_ok || type != napi_external || napi_get_value_external(env, argv[1], &session_data) != napi_ok || !session_data) {
    return fail_type(env, "sendRtcp: session must come from createSession");
  }
  if (!get_bytes(env, argv[2], &plain, &plain_len)) return fail_type(env, "sendRtcp: compound must be bytes");
  if (!get_int(env, argv[3], 0, 0x7fffffffLL, &index)) return fail_range(env, "sendRtcp: srtcpIndex must be 0 to 2^31 - 1");
  Session *session = session_data;
  int status = STATUS_SENT;
  Route *route = route_lookup(state, (int32_t)route_id);
  uint8_t out[MAX_DATAGRAM_BYTES];
  if (!route || route->sock->fd < 0 || session->released) {
    status = STATUS_NO_ROUTE;
  } else if (plain_len < 8 || plain_len + 4 + AUTH_TAG_BYTES > MAX_DATAGRAM_BYTES) {
    status = STATUS_TOO_BIG;
  } else {
    uint32_t ssrc = ((uint32_t)plain[4] << 24) | ((uint32_t)plain[5] << 16) | ((uint32_t)plain[6] << 8) | plain[7];
    uint8_t iv[16] = {0};
    write_u32(iv + 4, ssrc);
    write_u32(iv + 8, (uint32_t)index >> 16);
    write_u16(iv + 12, (uint32_t)index & 0xffff);
    for (int i = 0; i < 14; i++) iv[i] ^= session->salt[i];
    memcpy(out, plain, 8);
    int written = 0;
    uint8_t digest[EVP_MAX_MD_SIZE];
    unsigned int digest_len = 0;
    EVP_MD_CTX *work = state->work;
    int ok = EVP_EncryptInit_ex(session->aes, NULL, NULL, NULL, iv) == 1 &&
             (plain_len == 8 || (EVP_EncryptUpdate(session->aes, out + 8, &written, plain + 8, (int)(plain_len - 8)) == 1 && (size_t)written == plain_len - 8));
    write_u32(out + plain_len, (uint32_t)index | 0x80000000u);
    ok = ok && EVP_MD_CTX_copy_ex(work, session->inner) == 1 && EVP_DigestUpdate(work, out, plain_len + 4) == 1 &&
         EVP_DigestFinal_ex(work, digest, &digest_len) == 1 && digest_len == 20 && EVP_MD_CTX_copy_ex(work, session->outer) == 1 &&
         EVP_DigestUpdate(work, digest, 20) == 1 && EVP_DigestFinal_ex(work, digest, &digest_len) == 1 && digest_len == 20;
    if (!ok) {
      status = STATUS_CRYPTO_FAILED;
      state->crypto_failed++;
    } else {
      memcpy(out + plain_len + 4, digest, AUTH_TAG_BYTES);
      ssize_t sent;
      do {
        sent = sendto(route->sock->fd, out, plain_len + 4 + AUTH_TAG_BYTES, MSG_DONTWAIT, (struct sockaddr *)&route->addr, route->addr_len);
      } while (sent < 0 && errno == EINTR);
      state->syscalls++;
      if (sent < 0) {
        status = is_busy(errno) ? STATUS_BUSY : STATUS_REFUSED;
        if (status == STATUS_BUSY) state->busy++;
        else state->refused++;
      } else {
        state->sent++;
      }
    }
  }
  napi_value result;
  CHECK(env, napi_create_int32(env, status, &result));
  return result;
}

/* ---------------------------------------------------------------------------------------------- */
/* Receiving: an incoming SRTP packet authenticated and decrypted in place (server/sfu/forwarding/  */
/* SrtpReceiver.ts installs this in place of werift's SrtpSession.decrypt)                         */

/* SSRCs one receiving context keeps state for (a publisher's layers, audio, RTX...). */
#define MAX_RECEIVE_SSRCS 32
/* Packets behind the highest index still accepted once (RFC 3711 3.3.2; libwebrtc sets 1024 too). */
#define REPLAY_WINDOW 1024

enum UnprotectResult {
  UNPROTECT_MALFORMED = -1,      /* shorter than a header and a tag, or a header that overruns the packet */
  UNPROTECT_AUTH_FAILED = -2,    /* the tag does not match, or (after decryption) RTP padding is impossible */
  UNPROTECT_REPLAYED = -3,       /* an index already received, or older than the replay window */
  UNPROTECT_TOO_MANY_SSRCS = -4, /* more SSRCs than MAX_RECEIVE_SSRCS on one context */
};

typedef struct ReceiveState {
  uint32_t ssrc;
  /* werift's SrtpSsrcState: rolloverCounter, lastSequenceNumber, rolloverHasProcessed. */
  uint32_t roc;
  uint32_t last;
  int processed;
  /* The replay window: the highest index authenticated, and one bit per index modulo REPLAY_WINDOW. */
  int has_highest;
  uint64_t highest;
  uint64_t seen[REPLAY_WINDOW / 64];
} ReceiveState;

typedef struct Receiver {
  Session *session;
  int count;
  ReceiveState states[MAX_RECEIVE_SSRCS];
} Receiver;

static void finalize_receiver(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  Receiver *receiver = data;
  receiver->session->released = 1;
  session_unref(receiver->session);
  free(receiver);
}

/* createReceiver(encryptionKey: 16 bytes, salt: 14 bytes, authKey: 20 bytes): External (the remote side's SRTP session keys) */
static napi_value create_receiver(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  if (!get_args(env, info, 3, argv)) return fail_type(env, "createReceiver(key, salt, authKey)");
  const uint8_t *key, *salt, *auth;
  size_t key_len, salt_len, auth_len;
  if (!get_bytes(env, argv[0], &key, &key_len) || !get_bytes(env, argv[1], &salt, &salt_len) || !get_bytes(env, argv[2], &auth, &auth_len)) {
    return fail_type(env, "createReceiver takes three byte arrays");
  }
  if (key_len != 16 || salt_len != 14 || auth_len != 20) {
    return fail_range(env, "AES_CM_128_HMAC_SHA1_80 needs a 16-byte key, a 14-byte salt and a 20-byte authentication key");
  }
  Receiver *receiver = calloc(1, sizeof(Receiver));
  if (!receiver) return fail_type(env, "createReceiver: out of memory");
  receiver->session = session_new(key, salt, auth);
  if (!receiver->session) {
    free(receiver);
    napi_throw_error(env, "ERR_SRTP_FANOUT_CRYPTO", "OpenSSL could not set up AES-128-CTR and SHA-1");
    return NULL;
  }
  napi_value external;
  if (napi_create_external(env, receiver, finalize_receiver, NULL, &external) != napi_ok) {
    session_unref(receiver->session);
    free(receiver);
    throw_last(env);
    return NULL;
  }
  return external;
}

static Receiver *get_receiver(napi_env env, napi_value value) {
  napi_valuetype type;
  void *data = NULL;
  if (napi_typeof(env, value, &type) != napi_ok || type != napi_external) return NULL;
  if (napi_get_value_external(env, value, &data) != napi_ok) return NULL;
  return data;
}

static ReceiveState *receive_state(Receiver *receiver, uint32_t ssrc, int create) {
  for (int i = 0; i < receiver->count; i++) {
    if (receiver->states[i].ssrc == ssrc) return &receiver->states[i];
  }
  if (!create || receiver->count == MAX_RECEIVE_SSRCS) return NULL;
  ReceiveState *state = &receiver->states[receiver->count++];
  memset(state, 0, sizeof *state);
  state->ssrc = ssrc;
  return state;
}

/*
 * seedReceiver(receiver, ssrc, rolloverCounter, lastSequenceNumber): carries werift's rollover state
 * for an SSRC over when the receiver takes over a context werift has already decrypted packets on.
 */
static napi_value seed_receiver(napi_env env, napi_callback_info info) {
  napi_value argv[4];
  if (!get_args(env, info, 4, argv)) return fail_type(env, "seedReceiver(receiver, ssrc, rolloverCounter, lastSequenceNumber)");
  Receiver *receiver = get_receiver(env, argv[0]);
  int64_t ssrc, roc, last;
  if (!receiver) return fail_type(env, "seedReceiver: not a receiver");
  if (!get_int(env, argv[1], 0, 0xffffffffLL, &ssrc) || !get_int(env, argv[2], 0, 0xffffffffLL, &roc) || !get_int(env, argv[3], 0, 0xffff, &last)) {
    return fail_range(env, "seedReceiver: ssrc and rollover counter are 32-bit, the sequence number 16-bit");
  }
  ReceiveState *state = receive_state(receiver, (uint32_t)ssrc, 1);
  if (!state) return fail_range(env, "seedReceiver: too many SSRCs");
  state->roc = (uint32_t)roc;
  state->last = (uint32_t)last;
  state->processed = 1;
  return NULL;
}

static uint32_t read_u16(const uint8_t *at) { return ((uint32_t)at[0] << 8) | at[1]; }
static uint32_t read_u32(const uint8_t *at) { return ((uint32_t)at[0] << 24) | ((uint32_t)at[1] << 16) | ((uint32_t)at[2] << 8) | at[3]; }

/*
 * unprotectRtp(receiver, packet: Buffer): number. Authenticates and decrypts an SRTP packet
 * (AES_CM_128_HMAC_SHA1_80) in place; returns the RTP packet's length (the packet less its tag), or
 * a negative UnprotectResult, leaving the receiver's state as it was. The rollover counter is
 * estimated as werift's SrtpContext.updateRolloverCount estimates it, on a copy of the SSRC's state
 * that is kept only when the packet authenticates (as werift's decryptRtp does); unlike werift, an
 * index seen before, or more than REPLAY_WINDOW behind the highest, is refused (RFC 3711 3.3.2).
 */
static napi_value unprotect_rtp(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  if (!get_args(env, info, 2, argv)) return fail_type(env, "unprotectRtp(receiver, packet)");
  Receiver *receiver = get_receiver(env, argv[0]);
  Env *state = get_env(env);
  const uint8_t *data;
  size_t length;
  if (!receiver || !state || !get_bytes(env, argv[1], &data, &length)) return fail_type(env, "unprotectRtp(receiver, packet: Buffer)");
  uint8_t *packet = (uint8_t *)data;
  int32_t result = UNPROTECT_MALFORMED;
  napi_value out;

  /* werift's parseSrtpRtpHeader: a header of at least 12 bytes, CSRCs and extension inside the authenticated part. */
  if (length < RTP_HEADER_BYTES + AUTH_TAG_BYTES || (packet[0] >> 6) != 2) goto done;
  size_t tag_at = length - AUTH_TAG_BYTES;
  size_t payload_at = RTP_HEADER_BYTES + 4u * (packet[0] & 0x0f);
  if (packet[0] & 0x10) {
    if (payload_at + 4 > tag_at) goto done;
    payload_at += 4 + 4u * read_u16(packet + payload_at + 2);
  }
  if (payload_at > tag_at) goto done;
  uint32_t sequence = read_u16(packet + 2);
  uint32_t ssrc = read_u32(packet + 8);

  ReceiveState *known = receive_state(receiver, ssrc, 0);
  ReceiveState next;
  if (known) {
    next = *known;
  } else {
    memset(&next, 0, sizeof next);
    next.ssrc = ssrc;
  }
  /* werift's updateRolloverCount. */
  if (!next.processed) {
    next.processed = 1;
  } else if (sequence == 0) {
    if (next.last > MAX_ROC_DISORDER) next.roc++;
  } else if (next.last < MAX_ROC_DISORDER && sequence > MAX_SEQUENCE_NUMBER - MAX_ROC_DISORDER) {
    if (next.roc > 0) next.roc--;
  } else if (sequence < MAX_ROC_DISORDER && next.last > MAX_SEQUENCE_NUMBER - MAX_ROC_DISORDER) {
    next.roc++;
  }
  next.last = sequence;
  uint64_t index = ((uint64_t)next.roc << 16) | sequence;
  if (next.has_highest && index <= next.highest) {
    uint64_t behind = next.highest - index;
    if (behind >= REPLAY_WINDOW || (next.seen[(index % REPLAY_WINDOW) / 64] >> (index % 64) & 1)) {
      result = UNPROTECT_REPLAYED;
      goto done;
    }
  }

  /* RFC 3711 4.2: HMAC-SHA1(k_a, header || encrypted payload || ROC), first 80 bits, compared in constant time. */
  Session *session = receiver->session;
  uint8_t roc_bytes[ROC_BYTES];
  write_u32(roc_bytes, next.roc);
  uint8_t digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  EVP_MD_CTX *work = state->work;
  if (EVP_MD_CTX_copy_ex(work, session->inner) != 1 || EVP_DigestUpdate(work, packet, tag_at) != 1 || EVP_DigestUpdate(work, roc_bytes, ROC_BYTES) != 1 ||
      EVP_DigestFinal_ex(work, digest, &digest_len) != 1 || digest_len != 20 || EVP_MD_CTX_copy_ex(work, session->outer) != 1 ||
      EVP_DigestUpdate(work, digest, 20) != 1 || EVP_DigestFinal_ex(work, digest, &digest_len) != 1 || digest_len != 20) {
    result = UNPROTECT_AUTH_FAILED;
    goto done;
  }
  uint8_t difference = 0;
  for (int i = 0; i < AUTH_TAG_BYTES; i++) difference |= digest[i] ^ packet[tag_at + i];
  if (difference != 0) {
    result = UNPROTECT_AUTH_FAILED;
    goto done;
  }

  /* RFC 3711 4.1.1: the same keystream as protect(), XORed over the payload in place. */
  uint8_t iv[16] = {0};
  write_u32(iv + 4, ssrc);
  write_u32(iv + 8, next.roc);
  write_u16(iv + 12, sequence);
  for (int i = 0; i < 14; i++) iv[i] ^= session->salt[i];
  int written = 0;
  size_t payload_len = tag_at - payload_at;
  if (EVP_EncryptInit_ex(session->aes, NULL, NULL, NULL, iv) != 1 ||
      (payload_len > 0 && (EVP_EncryptUpdate(session->aes, packet + payload_at, &written, packet + payload_at, (int)payload_len) != 1 || (size_t)written != payload_len))) {
    result = UNPROTECT_AUTH_FAILED;
    goto done;
  }
  /* werift's finalizeSrtpRtpHeader: with the padding bit set, the last byte counts 1 to all of the payload. */
  if (packet[0] & 0x20) {
    uint8_t padding = payload_len > 0 ? packet[tag_at - 1] : 0;
    if (padding == 0 || padding > payload_len) {
      result = UNPROTECT_AUTH_FAILED;
      goto done;
    }
  }

  /* Authenticated: keep the rollover state and mark the index in the replay window. */
  if (!known) {
    known = receive_state(receiver, ssrc, 1);
    if (!known) {
      result = UNPROTECT_TOO_MANY_SSRCS;
      goto done;
    }
  }
  if (!next.has_highest) {
    next.has_highest = 1;
    next.highest = index;
  } else if (index > next.highest) {
    uint64_t ahead = index - next.highest;
    if (ahead >= REPLAY_WINDOW) {
      memset(next.seen, 0, sizeof next.seen);
    } else {
      for (uint64_t i = next.highest + 1; i <= index; i++) next.seen[(i % REPLAY_WINDOW) / 64] &= ~((uint64_t)1 << (i % 64));
    }
    next.highest = index;
  }
  next.seen[(index % REPLAY_WINDOW) / 64] |= (uint64_t)1 << (index % 64);
  *known = next;
  result = (int32_t)tag_at;

done:
  CHECK(env, napi_create_int32(env, result, &out));
  return out;
}

/* stats(): what every fanout() call of this environment did, counted since load. */
static napi_value stats(napi_env env, napi_callback_info info) {
  (void)info;
  Env *state = get_env(env);
  if (!state) return fail_type(env, "srtp_fanout: no instance data");
  napi_value object, value;
  CHECK(env, napi_create_object(env, &object));
  const struct {
    const char *name;
    double value;
  } fields[] = {
      {"sent", state->sent},     {"noRoute", state->no_route},           {"tooBig", state->too_big},   {"busy", state->busy},
      {"refused", state->refused}, {"cryptoFailed", state->crypto_failed}, {"syscalls", state->syscalls},
  };
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
    CHECK(env, napi_create_double(env, fields[i].value, &value));
    CHECK(env, napi_set_named_property(env, object, fields[i].name, value));
  }
  int live = 0;
  for (uint32_t i = 0; i < state->capacity; i++) live += state->routes[i] != NULL;
  CHECK(env, napi_create_int32(env, live, &value));
  CHECK(env, napi_set_named_property(env, object, "routes", value));
  return object;
}

/* ---------------------------------------------------------------------------------------------- */

static void finalize_env(napi_env env, void *data, void *hint) {
  (void)hint;
  Env *state = data;
  for (uint32_t i = 0; i < state->capacity; i++) {
    if (state->routes[i]) route_free(state->routes[i]);
  }
  free(state->routes);
  free(state->generations);
  if (state->rows_ref) napi_delete_reference(env, state->rows_ref);
  if (state->table_ref) napi_delete_reference(env, state->table_ref);
  if (state->history_ref) napi_delete_reference(env, state->history_ref);
  if (state->statuses_ref) napi_delete_reference(env, state->statuses_ref);
  EVP_MD_CTX_free(state->work);
  free(state->slots);
  free(state);
}

NAPI_MODULE_INIT() {
  Env *state = calloc(1, sizeof(Env));
  if (!state) return NULL;
  state->work = EVP_MD_CTX_new();
  state->slots = malloc(sizeof(*state->slots) * BATCH);
  if (!state->work || !state->slots || napi_set_instance_data(env, state, finalize_env, NULL) != napi_ok) {
    EVP_MD_CTX_free(state->work);
    free(state->slots);
    free(state);
    napi_throw_error(env, "ERR_SRTP_FANOUT", "srtp_fanout could not start");
    return NULL;
  }
  const napi_property_descriptor functions[] = {
      {"createSession", NULL, create_session, NULL, NULL, NULL, napi_default, NULL},
      {"openSocket", NULL, open_socket, NULL, NULL, NULL, napi_default, NULL},
      {"closeSocket", NULL, close_socket, NULL, NULL, NULL, napi_default, NULL},
      {"createRoute", NULL, create_route, NULL, NULL, NULL, napi_default, NULL},
      {"releaseRoute", NULL, release_route, NULL, NULL, NULL, napi_default, NULL},
      {"setRows", NULL, set_rows, NULL, NULL, NULL, napi_default, NULL},
      {"fanout", NULL, fanout, NULL, NULL, NULL, napi_default, NULL},
      {"setCopyTables", NULL, set_copy_tables, NULL, NULL, NULL, napi_default, NULL},
      {"fanoutStream", NULL, fanout_stream, NULL, NULL, NULL, napi_default, NULL},
      {"sendRtcp", NULL, send_rtcp, NULL, NULL, NULL, napi_default, NULL},
      {"stats", NULL, stats, NULL, NULL, NULL, napi_default, NULL},
      {"createReceiver", NULL, create_receiver, NULL, NULL, NULL, napi_default, NULL},
      {"seedReceiver", NULL, seed_receiver, NULL, NULL, NULL, napi_default, NULL},
      {"unprotectRtp", NULL, unprotect_rtp, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_value row_ints, copy_fields, history_size, history_ints;
  if (napi_define_properties(env, exports, sizeof functions / sizeof functions[0], functions) != napi_ok ||
      napi_create_int32(env, ROW_INTS, &row_ints) != napi_ok || napi_set_named_property(env, exports, "ROW_INTS", row_ints) != napi_ok ||
      napi_create_int32(env, COPY_FIELDS, &copy_fields) != napi_ok || napi_set_named_property(env, exports, "COPY_FIELDS", copy_fields) != napi_ok ||
      napi_create_int32(env, HISTORY_SIZE, &history_size) != napi_ok || napi_set_named_property(env, exports, "HISTORY_SIZE", history_size) != napi_ok ||
      napi_create_int32(env, HISTORY_INTS, &history_ints) != napi_ok || napi_set_named_property(env, exports, "HISTORY_INTS", history_ints) != napi_ok) {
    throw_last(env);
    return NULL;
  }
  return exports;
}
