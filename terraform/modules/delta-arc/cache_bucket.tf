# The optional discovery-cache bucket: private (public access blocked, ACLs disabled, TLS only),
# encrypted by default, and emptied of old cache objects by a lifecycle rule.

resource "aws_s3_bucket" "cache" {
  count = var.create_cache_bucket ? 1 : 0

  bucket        = local.cache_bucket_to_create
  force_destroy = var.cache_bucket_force_destroy
  tags          = local.common_tags
}

resource "aws_s3_bucket_public_access_block" "cache" {
  count = var.create_cache_bucket ? 1 : 0

  bucket                  = aws_s3_bucket.cache[0].id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "cache" {
  count = var.create_cache_bucket ? 1 : 0

  bucket = aws_s3_bucket.cache[0].id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "cache" {
  count = var.create_cache_bucket ? 1 : 0

  bucket = aws_s3_bucket.cache[0].id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.cache_bucket_kms_key_arn == null ? "AES256" : "aws:kms"
      kms_master_key_id = var.cache_bucket_kms_key_arn
    }
    bucket_key_enabled = var.cache_bucket_kms_key_arn != null
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "cache" {
  count = var.create_cache_bucket ? 1 : 0

  bucket = aws_s3_bucket.cache[0].id
  rule {
    id     = "expire-discovery-cache"
    status = "Enabled"

    filter {
      prefix = var.cache_s3_prefix
    }

    expiration {
      days = var.cache_expiration_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
}

# Refuse plain-HTTP access. A Deny, so it grants nothing: its Principal "*" and "s3:*" mean
# "whoever, whatever" is refused without TLS.
data "aws_iam_policy_document" "cache_tls_only" {
  count = var.create_cache_bucket ? 1 : 0

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.cache[0].arn, "${aws_s3_bucket.cache[0].arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "cache" {
  count = var.create_cache_bucket ? 1 : 0

  bucket = aws_s3_bucket.cache[0].id
  policy = data.aws_iam_policy_document.cache_tls_only[0].json

  # The public access block first, so that S3 evaluates this policy under it.
  depends_on = [aws_s3_bucket_public_access_block.cache]
}
