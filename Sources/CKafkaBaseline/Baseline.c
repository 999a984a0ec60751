#include "CKafkaBaseline.h"
int popstream_baseline_placeholder(void) { return 0; }
