// Filesystem types that matter to the go command's caches, as /proc/self/mountinfo names them
// (and as macOS snapshots name theirs).

/** Network, VM-shared and translated filesystems: every small-file operation is a round trip. */
export const SLOW_FILESYSTEMS: Readonly<Record<string, string>> = {
  nfs: 'NFS network filesystem',
  nfs4: 'NFS network filesystem',
  cifs: 'SMB/CIFS network share',
  smb3: 'SMB network share',
  smbfs: 'SMB network share',
  afpfs: 'AFP network share',
  webdav: 'WebDAV share',
  'fuse.davfs2': 'WebDAV share',
  davfs: 'WebDAV share',
  '9p': '9p share (WSL2 Windows drive or VM shared folder)',
  drvfs: 'WSL Windows drive (drvfs)',
  virtiofs: 'VM shared folder (virtiofs)',
  vboxsf: 'VirtualBox shared folder',
  vmhgfs: 'VMware shared folder',
  'fuse.vmhgfs-fuse': 'VMware shared folder',
  prl_fs: 'Parallels shared folder',
  fakeowner: 'Docker Desktop bind mount',
  'fuse.grpcfuse': 'Docker Desktop bind mount (gRPC FUSE)',
  osxfs: 'Docker Desktop bind mount (osxfs)',
  'fuse.osxfs': 'Docker Desktop bind mount (osxfs)',
  'fuse.sshfs': 'sshfs',
  sshfs: 'sshfs',
  'fuse.s3fs': 'object storage mounted with FUSE (s3fs)',
  'fuse.gcsfuse': 'object storage mounted with FUSE (gcsfuse)',
  'fuse.rclone': 'remote storage mounted with rclone',
  glusterfs: 'GlusterFS cluster filesystem',
  'fuse.glusterfs': 'GlusterFS cluster filesystem',
  ceph: 'CephFS cluster filesystem',
  'fuse.ceph': 'CephFS cluster filesystem',
  lustre: 'Lustre cluster filesystem',
  afs: 'AFS network filesystem',
};

/** Filesystems held in memory: their content is gone at the next reboot. */
export const MEMORY_FILESYSTEMS: ReadonlySet<string> = new Set(['tmpfs', 'ramfs']);
