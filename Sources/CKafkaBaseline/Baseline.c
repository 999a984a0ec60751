#include "CKafkaBaseline.h"

#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void fail(popstream_baseline_result *result, const char *text) {
    result->error = 1;
    snprintf(result->error_text, sizeof(result->error_text), "%s", text);
}

void popstream_baseline_consume(const char *bootstrap, const char *topic, int partitions,
                                int64_t expected, int batch_size, int timeout_ms,
                                const char *const *properties,
                                popstream_baseline_result *result) {
    char errstr[512];
    memset(result, 0, sizeof(*result));

    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap, errstr, sizeof(errstr)) != RD_KAFKA_CONF_OK ||
        rd_kafka_conf_set(conf, "group.id", "popstream-bench-c", errstr, sizeof(errstr)) != RD_KAFKA_CONF_OK ||
        rd_kafka_conf_set(conf, "enable.auto.commit", "false", errstr, sizeof(errstr)) != RD_KAFKA_CONF_OK) {
        rd_kafka_conf_destroy(conf);
        fail(result, errstr);
        return;
    }
    for (const char *const *p = properties; p && p[0] && p[1]; p += 2) {
        if (rd_kafka_conf_set(conf, p[0], p[1], errstr, sizeof(errstr)) != RD_KAFKA_CONF_OK) {
            rd_kafka_conf_destroy(conf);
            fail(result, errstr);
            return;
        }
    }
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof(errstr));
    if (!rk) {
        rd_kafka_conf_destroy(conf);
        fail(result, errstr);
        return;
    }
    rd_kafka_poll_set_consumer(rk);
    rd_kafka_queue_t *queue = rd_kafka_queue_get_consumer(rk);

    rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(partitions);
    for (int i = 0; i < partitions; i++) {
        rd_kafka_topic_partition_list_add(list, topic, i)->offset = RD_KAFKA_OFFSET_BEGINNING;
    }
    rd_kafka_resp_err_t err = rd_kafka_assign(rk, list);
    rd_kafka_topic_partition_list_destroy(list);
    if (err) {
        fail(result, rd_kafka_err2str(err));
        rd_kafka_queue_destroy(queue);
        rd_kafka_destroy(rk);
        return;
    }

    rd_kafka_message_t **messages = malloc(sizeof(*messages) * (size_t)batch_size);
    double start = now_seconds();
    double deadline = start + timeout_ms / 1000.0;
    double last = start;
    while (result->messages < expected && now_seconds() < deadline) {
        ssize_t n = rd_kafka_consume_batch_queue(queue, 1000, messages, (size_t)batch_size);
        for (ssize_t i = 0; i < n; i++) {
            if (!messages[i]->err) {
                result->messages++;
                result->bytes += (int64_t)messages[i]->len;
            }
            rd_kafka_message_destroy(messages[i]);
        }
        if (n > 0) last = now_seconds();
    }
    result->elapsed_seconds = last - start;
    if (result->messages < expected) fail(result, "timed out before every message was consumed");
    free(messages);

    rd_kafka_consumer_close(rk);
    rd_kafka_queue_destroy(queue);
    rd_kafka_destroy(rk);
}
