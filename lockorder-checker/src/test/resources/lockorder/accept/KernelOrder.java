import kernel.Kernel.AddressSpace;
import kernel.Kernel.Folio;
import kernel.Kernel.Inode;
import kernel.Kernel.IomapPunch;
import kernel.Kernel.Xfs;

/**
 * Accept: the documented kernel order in one method, i_rwsem -> invalidate_lock -> folio lock ->
 * ->punch -> ILOCK, released in reverse (iomap_write_delalloc_release() under
 * xfs_file_buffered_write()).
 */
class KernelOrder {
    void failedWrite(Inode inode, AddressSpace mapping, IomapPunch punch, Xfs xfs) {
        inode.lock();
        mapping.invalidateLock();
        Folio folio = mapping.lockFolio(0);
        if (folio != null) {
            punch.punch(0, 4096); // the punch may be called with a folio locked
            xfs.ilock();
            xfs.iunlock();
            folio.unlock();
        }
        mapping.invalidateUnlock();
        inode.unlock();
    }
}
