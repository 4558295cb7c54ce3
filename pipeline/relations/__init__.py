"""Rule-based relation matching: subject entity ↔ quantity, with place and time scope."""
