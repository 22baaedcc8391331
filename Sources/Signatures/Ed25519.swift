// Ed25519 signatures (being written).
