// Jibris On Demand (JOD): deploy Jitsi recorders (Jibri) as code.
package jod
