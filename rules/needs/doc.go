// Package needs holds the rules about jobs' needs: unknown jobs, a job that needs
// itself, repeated entries and dependency cycles.
package needs
