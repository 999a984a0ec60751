// PLACEHOLDER: module PopStreamCore
