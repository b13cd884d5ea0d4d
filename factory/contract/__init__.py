"""The contract: template, builder, naming engine, scope names and types, validation,
decisions and the atomic save. The floor above the package root; imports nothing above."""
