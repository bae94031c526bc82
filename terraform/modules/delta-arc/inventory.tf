# S3 Inventory as the object source of full syncs (S3_INVENTORY; README, "Buckets too big to
# list"): optionally the inventory configuration itself (daily, CSV, current versions, the
# fields delta-arc reads), and the policy the destination bucket needs so that S3 may deliver
# the reports (docs.aws.amazon.com/AmazonS3/latest/userguide/configure-inventory.html).
# The function's right to read the reports is in iam.tf.

resource "aws_s3_bucket_inventory" "source" {
  count = var.create_s3_inventory ? 1 : 0

  bucket                   = var.s3_bucket_name
  name                     = var.s3_inventory_id
  included_object_versions = "Current"
  # Size (zero-byte objects are never read), LastModifiedDate (freshness, and what changed
  # after the report), ETag (headers are read once per object version).
  optional_fields = ["Size", "LastModifiedDate", "ETag", "StorageClass"]

  schedule {
    frequency = "Daily"
  }

  dynamic "filter" {
    for_each = var.s3_prefix == "" ? [] : [var.s3_prefix]
    content {
      prefix = filter.value
    }
  }

  destination {
    bucket {
      bucket_arn = local.inventory_bucket_arn
      format     = "CSV"
      prefix     = var.s3_inventory_prefix
      account_id = local.account_id
    }
  }

  lifecycle {
    precondition {
      condition     = var.s3_inventory_bucket != null
      error_message = "create_s3_inventory needs s3_inventory_bucket, the bucket S3 delivers the reports to."
    }
  }
}

# What S3 needs to deliver the reports: PutObject under the prefix, for this source bucket
# and account only. The module attaches it with manage_s3_inventory_bucket_policy = true,
# which REPLACES the destination bucket's whole policy; otherwise merge the output
# s3_inventory_bucket_policy_json into the policy where it is managed.
data "aws_iam_policy_document" "inventory_delivery" {
  count = var.s3_inventory_bucket != null ? 1 : 0

  statement {
    sid       = "S3InventoryDelivers"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = ["${local.inventory_bucket_arn}/${var.s3_inventory_prefix}/*"]

    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = [local.source_bucket_arn]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
    }
  }
}

resource "aws_s3_bucket_policy" "inventory" {
  count = var.s3_inventory_bucket != null && var.manage_s3_inventory_bucket_policy ? 1 : 0

  bucket = var.s3_inventory_bucket
  policy = data.aws_iam_policy_document.inventory_delivery[0].json
}
