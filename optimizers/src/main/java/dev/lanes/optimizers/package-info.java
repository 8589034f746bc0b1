/** Optimizers with PyTorch semantics, learning-rate schedules, gradient clipping, training. */
package dev.lanes.optimizers;
