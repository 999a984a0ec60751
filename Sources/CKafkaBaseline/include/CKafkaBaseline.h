#ifndef POPSTREAM_CKAFKA_BASELINE_H
#define POPSTREAM_CKAFKA_BASELINE_H
// PLACEHOLDER: the raw C consume loop for `popstream bench kafka`.
int popstream_baseline_placeholder(void);
#endif
