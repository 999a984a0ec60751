// PLACEHOLDER: module Kafka
