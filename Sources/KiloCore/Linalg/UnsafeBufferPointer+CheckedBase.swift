extension UnsafeBufferPointer {
    /// The first element's address; a buffer without storage is a programmer error here (the
    /// kernels that use this never see empty buffers).
    @inlinable
    var checkedBase: UnsafePointer<Element> {
        guard let base = baseAddress else { preconditionFailure("UnsafeBufferPointer.checkedBase: empty buffer") }
        return base
    }
}

extension UnsafeMutableBufferPointer {
    /// The first element's address; a buffer without storage is a programmer error here.
    @inlinable
    var checkedBase: UnsafeMutablePointer<Element> {
        guard let base = baseAddress else {
            preconditionFailure("UnsafeMutableBufferPointer.checkedBase: empty buffer")
        }
        return base
    }
}
