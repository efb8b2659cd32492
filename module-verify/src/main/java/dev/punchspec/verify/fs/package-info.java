/**
 * The file a scenario acts on, bound together: page cache, extents, disk and {@code i_size}, with
 * the views the algorithm sees (the api's inode and the XFS extent punch) and the properties that
 * compare cache and extents.
 */
package dev.punchspec.verify.fs;
