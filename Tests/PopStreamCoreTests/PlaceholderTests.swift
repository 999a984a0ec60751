// PLACEHOLDER: replaced by real tests.
