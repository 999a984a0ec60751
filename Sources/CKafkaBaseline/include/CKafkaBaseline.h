#ifndef POPSTREAM_CKAFKA_BASELINE_H
#define POPSTREAM_CKAFKA_BASELINE_H

#include <stdint.h>

/// Outcome of one baseline consume run.
typedef struct popstream_baseline_result {
    int64_t messages;      /* messages consumed */
    int64_t bytes;         /* value bytes consumed */
    double elapsed_seconds;/* from the first poll to the last message */
    int error;             /* 0 on success */
    char error_text[256];
} popstream_baseline_result;

/// Consumes `topic` (partitions 0..partitions-1, from the beginning) with librdkafka's batch API
/// (`rd_kafka_consume_batch_queue`, `batch_size` messages per call) until `expected` messages were read or
/// `timeout_ms` passed; the messages are discarded. The raw ceiling the Swift layer is measured against.
/// `properties` is a NULL-terminated list of alternating keys and values applied to the consumer.
void popstream_baseline_consume(const char *bootstrap, const char *topic, int partitions,
                                int64_t expected, int batch_size, int timeout_ms,
                                const char *const *properties,
                                popstream_baseline_result *result);

#endif
