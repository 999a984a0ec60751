// PLACEHOLDER: module Store
