"""The merchant preview: one listing as buyers in several markets see it, side by side."""
